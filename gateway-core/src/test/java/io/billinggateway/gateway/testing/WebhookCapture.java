package io.billinggateway.gateway.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the gateway's webhook endpoint: records every delivery a PSP sends and answers 200. */
public final class WebhookCapture implements AutoCloseable {
    /** A delivery exactly as received. */
    public record Delivery(Map<String, List<String>> headers, byte[] body) {
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger failuresLeft;

    public WebhookCapture() {
        this(0);
    }

    /** A receiver that answers 500 to its first {@code failures} requests (recording them too). */
    public WebhookCapture(int failures) {
        this.failuresLeft = new java.util.concurrent.atomic.AtomicInteger(failures);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            deliveries.add(new Delivery(Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 500 : 200, -1);
            exchange.close();
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhook");
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

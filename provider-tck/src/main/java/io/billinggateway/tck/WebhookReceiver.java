package io.billinggateway.tck;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.billinggateway.spi.InboundWebhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static java.util.Objects.requireNonNull;

/**
 * The kit's stand-in for the gateway's webhook endpoint: a local HTTP server that records every request it
 * receives, exactly as received, and answers {@code 200}. {@code receivedAt} is taken from the kit's clock,
 * as the gateway takes it from its own.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** The path the receiver listens on; {@link #url()} points at it. */
    public static final String PATH = "/webhooks";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final List<InboundWebhook> deliveries = new CopyOnWriteArrayList<>();

    private WebhookReceiver(HttpServer server, ExecutorService executor, Clock clock) {
        this.server = server;
        this.executor = executor;
        this.clock = clock;
    }

    /** Starts a receiver on a free port of the loopback interface. */
    public static WebhookReceiver start(Clock clock) {
        requireNonNull(clock, "clock is null");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            WebhookReceiver receiver = new WebhookReceiver(server, executor, clock);
            server.createContext(PATH, receiver::handle);
            server.setExecutor(executor);
            server.start();
            return receiver;
        }
        catch (IOException e) {
            throw new UncheckedIOException("the conformance kit cannot start its webhook receiver", e);
        }
    }

    public URI url() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + PATH);
    }

    /** Every delivery so far, in arrival order. */
    public List<InboundWebhook> deliveries() {
        return List.copyOf(deliveries);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            deliveries.add(new InboundWebhook(exchange.getRequestHeaders(), bytes, clock.instant()));
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

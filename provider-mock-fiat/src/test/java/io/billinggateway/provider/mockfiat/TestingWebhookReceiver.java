package io.billinggateway.provider.mockfiat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.billinggateway.spi.InboundWebhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * The gateway's webhook endpoint as the PSP sees it: records every request exactly as received (with the
 * time it arrived by the test's clock) and answers 200, or a chosen error status for the next few requests.
 */
final class TestingWebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final List<InboundWebhook> deliveries = new CopyOnWriteArrayList<>();
    private final List<InboundWebhook> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger failureStatus = new AtomicInteger(500);
    private final AtomicInteger refused = new AtomicInteger();

    private TestingWebhookReceiver(HttpServer server, ExecutorService executor, Clock clock) {
        this.server = server;
        this.executor = executor;
        this.clock = clock;
    }

    static TestingWebhookReceiver start(Clock clock) throws IOException {
        requireNonNull(clock, "clock is null");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        TestingWebhookReceiver receiver = new TestingWebhookReceiver(server, executor, clock);
        server.createContext("/webhooks/fiat", receiver::handle);
        server.setExecutor(executor);
        server.start();
        return receiver;
    }

    URI url() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/webhooks/fiat");
    }

    /** The next {@code count} requests are answered with {@code status} and not recorded as deliveries. */
    void failNext(int count, int status) {
        failureStatus.set(status);
        failuresLeft.set(count);
    }

    /** Requests answered with an error so far. */
    int refusedCount() {
        return refused.get();
    }

    /** Every request so far, refused or accepted, in arrival order. */
    List<InboundWebhook> attempts() {
        return List.copyOf(attempts);
    }

    /** Deliveries accepted (answered 200) so far, in arrival order. */
    List<InboundWebhook> deliveries() {
        return List.copyOf(deliveries);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            InboundWebhook received = new InboundWebhook(exchange.getRequestHeaders(), bytes, clock.instant());
            attempts.add(received);
            if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(failureStatus.get(), -1);
                return;
            }
            deliveries.add(received);
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package com.example.billing.invoice;

import io.billinggateway.spi.ProviderContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Delivers signed webhooks to the gateway the way a PSP does: in the background, in the order the events
 * happened, retrying a failed delivery a few times with a growing pause. A delivery that still fails is dropped
 * and counted; the gateway would learn of the payment by other means (here: a payer retrying the page).
 */
final class WebhookSender implements AutoCloseable {
    private static final int ATTEMPTS = 5;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /** Where deliveries go; tests replace it to make deliveries fail. */
    interface Transport {
        /** Sends one delivery and returns the HTTP status. */
        int send(URI url, Map<String, List<String>> headers, byte[] body) throws IOException;
    }

    private final URI url;
    private final WebhookSigner signer;
    private final ProviderContext context;
    private final Transport transport;
    private final ExecutorService executor;
    private final AtomicInteger pending = new AtomicInteger();

    WebhookSender(URI url, WebhookSigner signer, ProviderContext context, Transport transport) {
        this.url = requireNonNull(url, "url is null");
        this.signer = requireNonNull(signer, "signer is null");
        this.context = requireNonNull(context, "context is null");
        this.transport = requireNonNull(transport, "transport is null");
        this.executor = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("invoice-webhooks").factory());
    }

    /** The JDK's HTTP client as the transport. */
    static Transport http() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return (url, headers, body) -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
            try {
                return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while delivering a webhook", e);
            }
        };
    }

    /** Queues one delivery; returns at once. */
    void deliver(String messageId, byte[] body) {
        pending.incrementAndGet();
        executor.execute(() -> {
            try {
                attempt(messageId, body);
            }
            finally {
                pending.decrementAndGet();
            }
        });
    }

    /** Deliveries queued or being retried. */
    int pending() {
        return pending.get();
    }

    private void attempt(String messageId, byte[] body) {
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            String problem;
            try {
                int status = transport.send(url, signer.headers(messageId, context.clock().instant(), body), body);
                if (status / 100 == 2) {
                    context.metrics().increment("example_invoice_webhook_deliveries_total", Map.of("outcome", attempt == 1 ? "delivered" : "delivered_after_retry"));
                    return;
                }
                problem = "HTTP " + status;
            }
            catch (IOException | RuntimeException e) {
                problem = e.toString();
            }
            System.getLogger(context.loggerName()).log(System.Logger.Level.WARNING,
                    "webhook {0} to {1}: attempt {2} of {3} failed: {4}", messageId, url, attempt, ATTEMPTS, problem);
            if (!sleep(pause)) {
                return;
            }
            pause = pause.multipliedBy(2);
        }
        context.metrics().increment("example_invoice_webhook_deliveries_total", Map.of("outcome", "abandoned"));
    }

    private static boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause);
            return true;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        }
        catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

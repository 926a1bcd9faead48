package io.billinggateway.gateway;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The port of this process's HTTP server. {@code BILLING_PORT=0} lets the system choose a free port as the server
 * binds, so nothing else can take the port between choosing and binding; the port is then known only once the
 * server listens ({@link GatewayStartup} records it).
 */
@Singleton
public final class ListeningPort {
    /** How long a component started early (a scheduled task at start-up) waits for the server to bind. */
    private static final Duration BIND_WAIT = Duration.ofMinutes(2);

    private final int configured;
    private final boolean serving;
    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile int bound;

    ListeningPort(@Value("${micronaut.server.port:8080}") int configured, @Value("${billing.http.serving:true}") boolean serving) {
        this.configured = configured;
        this.serving = serving;
    }

    /**
     * The port, waiting for the server to bind when the system assigns it: a component created before the bind (a
     * scheduled task's first run on a slow machine) must not conclude that there is no port. Empty at once in a process
     * that serves no HTTP ({@code billing.http.serving=false}: the {@code billing-charge} command), or when the server
     * has not bound within two minutes.
     */
    public OptionalInt awaitPort() {
        if (!systemAssigned() || !serving) {
            return port();
        }
        try {
            listening.await(BIND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return port();
    }

    /** Whether the system chooses the port: {@code 0}, or Micronaut's {@code -1}. */
    public boolean systemAssigned() {
        return configured <= 0;
    }

    /** The configured port, or the one the system assigned once the server listens; empty before that. */
    public OptionalInt port() {
        if (!systemAssigned()) {
            return OptionalInt.of(configured);
        }
        int port = bound;
        return port == 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    void listening(int port) {
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("not a bound TCP port: " + port);
        }
        bound = port;
        listening.countDown();
    }
}

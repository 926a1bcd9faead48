package io.billinggateway.gateway;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.OptionalInt;

/**
 * The port of this process's HTTP server. {@code BILLING_PORT=0} lets the system choose a free port as the server
 * binds, so nothing else can take the port between choosing and binding; the port is then known only once the
 * server listens ({@link GatewayStartup} records it).
 */
@Singleton
public final class ListeningPort {
    private final int configured;
    private volatile int bound;

    ListeningPort(@Value("${micronaut.server.port:8080}") int configured) {
        this.configured = configured;
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
    }
}

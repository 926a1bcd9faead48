package io.billinggateway.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The state of one network as its provider sees it.
 *
 * @param status overall state
 * @param latency how long the last probe of the counterpart (RPC node, PSP API) took, if one was made
 * @param activeEndpoint which endpoint is in use (an RPC URL without credentials), if the provider has several
 * @param details small, human-readable facts (head block, pending deliveries); never secrets
 */
public record HealthReport(Status status, Optional<Duration> latency, Optional<String> activeEndpoint, Map<String, String> details) {
    public enum Status {
        /** Working normally. */
        UP,
        /** Working, but slower or on a fallback endpoint. */
        DEGRADED,
        /** Not able to serve requests now. */
        DOWN
    }

    public HealthReport {
        requireNonNull(status, "status is null");
        requireNonNull(latency, "latency is null");
        requireNonNull(activeEndpoint, "activeEndpoint is null");
        details = Map.copyOf(requireNonNull(details, "details is null"));
    }

    public static HealthReport up(Map<String, String> details) {
        return new HealthReport(Status.UP, Optional.empty(), Optional.empty(), details);
    }

    public static HealthReport down(String reason) {
        return new HealthReport(Status.DOWN, Optional.empty(), Optional.empty(), Map.of("reason", reason));
    }
}

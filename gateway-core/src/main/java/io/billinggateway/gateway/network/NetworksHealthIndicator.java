package io.billinggateway.gateway.network;

import io.billinggateway.spi.HealthReport;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Adds every network to {@code /health} under {@code billing-networks}. One network down makes the
 * gateway {@code DOWN} for its health check, since requests for that network fail; the details say which.
 */
@Singleton
final class NetworksHealthIndicator implements HealthIndicator {
    private final NetworkHealth health;

    NetworksHealthIndicator(NetworkHealth health) {
        this.health = requireNonNull(health, "health is null");
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.fromCompletableFuture(() -> health.checkAsync().thenApply(NetworksHealthIndicator::result));
    }

    private static HealthResult result(Map<String, HealthReport> reports) {
        Map<String, Object> details = new LinkedHashMap<>();
        HealthStatus status = HealthStatus.UP;
        for (Map.Entry<String, HealthReport> entry : reports.entrySet()) {
            HealthReport report = entry.getValue();
            details.put(entry.getKey(), NetworkView.HealthView.of(report));
            if (report.status() == HealthReport.Status.DOWN) {
                status = HealthStatus.DOWN;
            }
        }
        return HealthResult.builder("billing-networks", status).details(details).build();
    }
}

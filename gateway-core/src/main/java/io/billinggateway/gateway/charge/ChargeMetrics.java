package io.billinggateway.gateway.charge;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Queue depth and oldest-due age per network, as gauges updated after every round. */
final class ChargeMetrics {
    private static final Map<String, AtomicLong> GAUGES = new ConcurrentHashMap<>();

    private ChargeMetrics() {
    }

    static void depth(MeterRegistry registry, String network, ChargeQueue.Depth depth, Instant now) {
        gauge(registry, "billing_charge_queue_depth", network).set(depth.due());
        gauge(registry, "billing_charge_oldest_due_seconds", network)
                .set(depth.oldestDueAt().map(oldest -> Math.max(0, Duration.between(oldest, now).toSeconds())).orElse(0L));
    }

    private static AtomicLong gauge(MeterRegistry registry, String name, String network) {
        return GAUGES.computeIfAbsent(name + "|" + network + "|" + System.identityHashCode(registry),
                ignored -> registry.gauge(name, Tags.of("network", network), new AtomicLong()));
    }
}

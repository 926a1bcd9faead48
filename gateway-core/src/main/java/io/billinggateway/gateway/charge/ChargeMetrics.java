package io.billinggateway.gateway.charge;

import io.billinggateway.gateway.metrics.BillingMetrics;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.SkipReason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The worker's meters, labelled by {@code network}: {@code billing_charge_success_total},
 * {@code billing_charge_failed_total} (and {@code code}), {@code billing_charge_skipped_total} (and {@code reason}),
 * {@code billing_charge_latency_seconds} (one provider call), {@code billing_charge_queue_depth} and
 * {@code billing_charge_oldest_due_seconds} (gauges updated after every round and by the lanes' gauge refresher).
 */
@Singleton
public final class ChargeMetrics {
    private final MeterRegistry registry;
    private final BillingMetrics billing;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    ChargeMetrics(MeterRegistry registry, BillingMetrics billing) {
        this.registry = requireNonNull(registry, "registry is null");
        this.billing = requireNonNull(billing, "billing is null");
    }

    void charged(String network) {
        registry.counter("billing_charge_success_total", "network", network).increment();
    }

    void failed(String network, ErrorCode code) {
        registry.counter("billing_charge_failed_total", "network", network, "code", code.name()).increment();
        if (BillingMetrics.isNetworkFailure(code)) {
            billing.networkFailed(network, "renewal");
        }
    }

    void skipped(String network, SkipReason reason) {
        registry.counter("billing_charge_skipped_total", "network", network, "reason", reason.name()).increment();
    }

    Timer.Sample startCall() {
        return Timer.start(registry);
    }

    void callEnded(Timer.Sample sample, String network) {
        sample.stop(Timer.builder("billing_charge_latency_seconds").description("time of one provider charge call")
                .tag("network", network).publishPercentileHistogram().register(registry));
    }

    void depth(String network, ChargeQueue.Depth depth, Instant now) {
        gauge("billing_charge_queue_depth", network).set(depth.due());
        gauge("billing_charge_oldest_due_seconds", network)
                .set(depth.oldestDueAt().map(oldest -> Math.max(0, Duration.between(oldest, now).toSeconds())).orElse(0L));
    }

    private AtomicLong gauge(String name, String network) {
        return gauges.computeIfAbsent(name + "|" + network, ignored -> registry.gauge(name, Tags.of("network", network), new AtomicLong()));
    }
}

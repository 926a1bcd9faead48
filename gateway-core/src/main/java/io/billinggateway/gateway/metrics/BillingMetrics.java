package io.billinggateway.gateway.metrics;

import io.billinggateway.spi.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * The payment meters of the playbook, every one labelled with {@code network}:
 * <ul>
 *   <li>{@code billing_transactions_total{kind, status}}: a payment entering a status ({@code pending} when it is
 *       created, then {@code confirmed}, {@code failed} or {@code refunded}); {@code kind} is {@code checkout},
 *       {@code renewal} or {@code refund}.</li>
 *   <li>{@code billing_transactions_network_failed_total{stage}}: a payment that could not be made because the network
 *       or its provider did not answer (not a declined card or an empty balance); {@code stage} is {@code checkout},
 *       {@code renewal} or {@code refund}.</li>
 *   <li>{@code billing_confirmation_delay_seconds}: from a payment's creation to its confirmation (histogram).</li>
 *   <li>{@code billing_webhook_delay_seconds}: from a provider event's occurrence to its application (histogram).</li>
 * </ul>
 * Series for every enabled network are registered at zero on start-up ({@link #register}), so alerts compare rates
 * rather than missing series.
 */
@Singleton
public final class BillingMetrics {
    /** The statuses a payment can enter, in ledger order. */
    public static final List<String> STATUSES = List.of("pending", "confirmed", "failed", "refunded");
    /** What a payment is for. */
    public static final List<String> KINDS = List.of("checkout", "renewal", "refund");
    private static final Duration[] DELAY_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofHours(6), Duration.ofDays(1)};

    private final MeterRegistry registry;

    BillingMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    /** Registers every series of {@code network} at zero. */
    public void register(String network) {
        for (String kind : KINDS) {
            for (String status : STATUSES) {
                transactions(network, kind, status);
            }
            networkFailures(network, kind);
        }
        confirmationDelay(network);
        webhookDelay(network);
    }

    /** A payment of {@code kind} on {@code network} entered {@code status}. */
    public void transaction(String network, String kind, String status) {
        transactions(network, kind, status).increment();
    }

    /** A payment was confirmed {@code delay} after it was created. */
    public void confirmed(String network, String kind, Duration delay) {
        transaction(network, kind, "confirmed");
        confirmationDelay(network).record(delay.isNegative() ? Duration.ZERO : delay);
    }

    /** A payment at {@code stage} could not be made because the network or its provider did not answer. */
    public void networkFailed(String network, String stage) {
        networkFailures(network, stage).increment();
    }

    /** Whether a provider's error says the network or the provider did not answer, rather than that the payment was refused. */
    public static boolean isNetworkFailure(ErrorCode code) {
        return code == ErrorCode.NETWORK_UNAVAILABLE || code == ErrorCode.TIMEOUT;
    }

    /** A provider event that occurred {@code delay} ago was applied. */
    public void webhookApplied(String network, Duration delay) {
        webhookDelay(network).record(delay.isNegative() ? Duration.ZERO : delay);
    }

    private Counter transactions(String network, String kind, String status) {
        return Counter.builder("billing_transactions_total").description("payments entering a status")
                .tag("network", network).tag("kind", known(kind, KINDS)).tag("status", known(status, STATUSES)).register(registry);
    }

    private Counter networkFailures(String network, String stage) {
        return Counter.builder("billing_transactions_network_failed_total").description("payments not made because the network or provider did not answer")
                .tag("network", network).tag("stage", known(stage, KINDS)).register(registry);
    }

    private Timer confirmationDelay(String network) {
        return Timer.builder("billing_confirmation_delay").description("from a payment's creation to its confirmation")
                .tag("network", network).serviceLevelObjectives(DELAY_BUCKETS).register(registry);
    }

    private Timer webhookDelay(String network) {
        return Timer.builder("billing_webhook_delay").description("from a provider event's occurrence to its application")
                .tag("network", network).serviceLevelObjectives(DELAY_BUCKETS).register(registry);
    }

    /** A label value from a closed list, so that a caller's mistake cannot grow the series without bound. */
    private static String known(String value, List<String> allowed) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw new IllegalArgumentException("unknown metric label value '" + value + "', expected one of " + allowed);
        }
        return lower;
    }
}

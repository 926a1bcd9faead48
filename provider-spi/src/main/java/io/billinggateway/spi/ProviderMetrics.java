package io.billinggateway.spi;

import java.time.Duration;
import java.util.Map;

/**
 * Where a provider reports its own measurements. The host registers them in its metrics system with the
 * network's name as the {@code network} label, so providers must not add a {@code network} tag themselves.
 *
 * <p>Names are lower-case snake case and start with the provider id ({@code evm_rpc_failover_total}).
 * Tag values must come from a small fixed set (no ids, no amounts) and never hold a secret.
 * Implementations are thread-safe and cheap enough to call on every request.
 */
public interface ProviderMetrics {
    void increment(String name, Map<String, String> tags);

    void recordDuration(String name, Duration duration, Map<String, String> tags);

    /** Sets a gauge to its current value (for example the index of the active RPC endpoint). */
    void gauge(String name, double value, Map<String, String> tags);

    /** Metrics that go nowhere; useful in tests. */
    static ProviderMetrics noop() {
        return new ProviderMetrics() {
            @Override
            public void increment(String name, Map<String, String> tags) {
            }

            @Override
            public void recordDuration(String name, Duration duration, Map<String, String> tags) {
            }

            @Override
            public void gauge(String name, double value, Map<String, String> tags) {
            }
        };
    }
}

package io.billinggateway.gateway.charge;

import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.NetworkConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The charge lane settings of one network, from {@code billing.networks.<network>.charge-*}
 * (or {@code BILLING_NETWORKS_<NETWORK>_CHARGE_*}). Every network accepts these keys besides its provider's. Those
 * marked editable may be overridden at run time through the network settings API; the router then hands out the
 * network with the merged values, so reading them through {@link #of} picks the override up.
 *
 * @param enabled whether this gateway process runs the network's lane
 * @param interval pause between two rounds of the lane
 * @param batchSize most subscriptions per provider call (never more than the provider's maxBatchSize)
 * @param lease how long a claim protects a subscription from other workers
 * @param maxRetries failed renewals before the subscription fails finally
 * @param retryBase first retry delay; doubles with each failure, with jitter
 * @param concurrency rounds this process runs at once on the network (claims keep them apart)
 * @param ratePerSecond most subscriptions handed to the provider per second by this process; 0 for no limit
 * @param cancelRequestExpiry how long an unsubscribe the provider has not confirmed (the subscriber still has to sign it)
 *                            holds the subscription's renewals; after it, renewals continue until the provider confirms
 */
public record LaneSettings(boolean enabled, Duration interval, int batchSize, Duration lease, int maxRetries, Duration retryBase,
                           int concurrency, double ratePerSecond, Duration cancelRequestExpiry) {
    /** The default of {@code charge-cancel-request-expiry}: a day for the subscriber to sign the cancellation. */
    public static final Duration DEFAULT_CANCEL_REQUEST_EXPIRY = Duration.ofHours(24);

    public static final List<ConfigKey> KEYS = List.of(
            ConfigKey.optional("charge-enabled", "true", "whether this gateway process charges the network's due subscriptions").editableAtRuntime(),
            ConfigKey.optional("charge-interval", "30s", "pause between two rounds of the network's charge lane").editableAtRuntime(),
            ConfigKey.optional("charge-batch-size", "50", "most subscriptions per provider call; capped by the provider's batch limit").editableAtRuntime(),
            ConfigKey.optional("charge-lease", "5m", "how long a claimed subscription is protected from other workers"),
            ConfigKey.optional("charge-max-retries", "5", "failed renewals before a subscription fails finally").editableAtRuntime(),
            ConfigKey.optional("charge-retry-base", "1h", "first retry delay after a failed renewal; doubles with each failure, with jitter").editableAtRuntime(),
            ConfigKey.optional("charge-concurrency", "1", "rounds this gateway process runs at once on the network (1 to 32)"),
            ConfigKey.optional("charge-rate", "0", "most subscriptions per second this process hands to the network's provider; 0 for no limit").editableAtRuntime(),
            ConfigKey.optional("charge-cancel-request-expiry", "24h", "how long an unsubscribe the network has not confirmed (the subscriber has not "
                    + "signed it) holds renewals; after it, renewals continue until the network confirms the cancellation"));

    public LaneSettings {
        if (interval.isNegative() || interval.isZero() || lease.isNegative() || lease.isZero() || retryBase.isNegative() || retryBase.isZero()) {
            throw new IllegalArgumentException("charge-interval, charge-lease and charge-retry-base must be positive");
        }
        if (cancelRequestExpiry.isNegative() || cancelRequestExpiry.isZero()) {
            throw new IllegalArgumentException("charge-cancel-request-expiry must be positive, got " + cancelRequestExpiry);
        }
        if (batchSize < 1 || maxRetries < 0) {
            throw new IllegalArgumentException("charge-batch-size must be at least 1 and charge-max-retries not negative");
        }
        if (concurrency < 1 || concurrency > 32) {
            throw new IllegalArgumentException("charge-concurrency must be between 1 and 32, got " + concurrency);
        }
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("charge-rate must be a number of subscriptions per second, 0 or more, got " + ratePerSecond);
        }
    }

    /**
     * Reads the lane settings of a network (defaults already applied by the router).
     *
     * @throws io.billinggateway.spi.BillingException {@code CONFIGURATION_INVALID} naming the key of a malformed value
     */
    public static LaneSettings of(RoutedNetwork network) {
        NetworkConfig values = new NetworkConfig(network.name(), network.chainId(), network.hostValues(), Map.of());
        int providerLimit = network.describe().maxBatchSize();
        double rate;
        try {
            rate = Double.parseDouble(values.get("charge-rate").orElse("0").strip());
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("network '" + network.name() + "': charge-rate must be a number of subscriptions per second, got '"
                    + values.get("charge-rate").orElse("") + "'");
        }
        LaneSettings settings;
        try {
            settings = new LaneSettings(
                    values.get("charge-enabled").map(Boolean::parseBoolean).orElse(true),
                    values.getDuration("charge-interval").orElse(Duration.ofSeconds(30)),
                    Math.min(values.getInt("charge-batch-size").orElse(50), providerLimit),
                    values.getDuration("charge-lease").orElse(Duration.ofMinutes(5)),
                    values.getInt("charge-max-retries").orElse(5),
                    values.getDuration("charge-retry-base").orElse(Duration.ofHours(1)),
                    values.getInt("charge-concurrency").orElse(1),
                    rate,
                    values.getDuration("charge-cancel-request-expiry").orElse(DEFAULT_CANCEL_REQUEST_EXPIRY));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("network '" + network.name() + "': " + e.getMessage(), e);
        }
        Optional<Duration> longestCall = network.describe().longestChargeCall();
        if (longestCall.isPresent() && settings.lease().compareTo(longestCall.get()) <= 0) {
            throw new IllegalArgumentException("network '" + network.name() + "': charge-lease " + settings.lease() + " is not longer than the slowest "
                    + "charge call provider '" + network.providerId() + "' can make with this network's timeouts (" + longestCall.get()
                    + "), so another worker could ask for the same periods while a call still runs; raise charge-lease above " + longestCall.get()
                    + " or lower the provider's timeouts");
        }
        return settings;
    }
}

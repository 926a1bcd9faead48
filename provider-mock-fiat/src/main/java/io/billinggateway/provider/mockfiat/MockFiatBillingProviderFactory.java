package io.billinggateway.provider.mockfiat;

import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.SpiVersion;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The mock card PSP ({@code mock-fiat}): hosted checkout pages, deterministic test cards, saved-card renewals,
 * refunds and Standard Webhooks, all served by the provider itself so that the gateway can run the whole fiat
 * flow on one machine. See the module's README for the configuration keys, test cards and endpoints.
 */
public final class MockFiatBillingProviderFactory implements BillingProviderFactory {
    public static final String PROVIDER_ID = "mock-fiat";

    /**
     * Cards are charged one at a time, so {@link Capability#BATCH_CHARGE} is not declared even though
     * {@code chargeBatch} takes several items; there are no plan signatures, permits or event polling.
     */
    static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(
            Capability.ONE_TIME_PAYMENT,
            Capability.RECURRING_CHARGE,
            Capability.CALENDAR_PERIODS,
            Capability.REFUND,
            Capability.PARTIAL_REFUND,
            Capability.WEBHOOKS));

    @Override
    public String providerId() {
        return PROVIDER_ID;
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return MockFiatSettings.KEYS;
    }

    /**
     * Opens the PSP's ledger in {@link ProviderContext#dataDirectory()}, starts the hosted checkout server and
     * resumes delivery of webhooks a previous provider left undelivered. Providers of other gateway processes may
     * use the same data directory at the same time; they then share one PSP.
     */
    @Override
    public BillingProvider create(NetworkConfig config, ProviderContext context) {
        requireNonNull(config, "config is null");
        requireNonNull(context, "context is null");
        return MockFiatBillingProvider.start(config, MockFiatSettings.from(config), context);
    }
}

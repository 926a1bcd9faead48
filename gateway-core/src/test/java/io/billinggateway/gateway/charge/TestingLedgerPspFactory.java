package io.billinggateway.gateway.charge;

import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.SpiVersion;

import java.util.List;
import java.util.Set;

/** The test-only {@code testing-psp} provider: a PSP whose books are PostgreSQL tables that every process of a test shares. */
public final class TestingLedgerPspFactory implements BillingProviderFactory {
    public static final String PROVIDER_ID = "testing-psp";

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
        return Set.of(Capability.RECURRING_CHARGE, Capability.BATCH_CHARGE);
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.required("jdbc-url", "the PostgreSQL database holding the PSP's books"),
                ConfigKey.optional("jdbc-user", "postgres", "its user (no password)"),
                ConfigKey.optional("asset", "USD", "the network's only asset"),
                ConfigKey.optional("max-batch-size", "100", "most items one chargeBatch accepts"),
                ConfigKey.optional("longest-charge-call", "the longest a chargeBatch call may take, declared to the gateway; none by default"));
    }

    @Override
    public BillingProvider create(NetworkConfig config, ProviderContext context) {
        return new TestingLedgerPsp(config, context.clock());
    }
}

package com.example.billing.starter;

import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.SpiVersion;

import java.util.List;
import java.util.Set;

/**
 * The plugin's entry point, found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.billinggateway.spi.BillingProviderFactory}. Stateless: no work in the constructor,
 * everything stateful lives in the {@link StarterBillingProvider} of each network.
 */
public final class StarterBillingProviderFactory implements BillingProviderFactory {
    /** Operators write it as {@code billing.networks.<network>.provider}; never change it after a release. */
    public static final String PROVIDER_ID = "starter-psp";

    static final String API_URL = "api-url";
    static final String API_KEY = "api-key";
    static final String CURRENCY = "currency";

    // TODO(2): declare what your provider really does. The kit checks both directions: a declared capability
    //  must work, an undeclared one must fail with BillingException.unsupported(...).
    private static final Set<Capability> CAPABILITIES = Set.of(Capability.ONE_TIME_PAYMENT, Capability.EVENT_POLLING);

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

    // TODO(3): declare every key your PSP needs; secrets are declared secret and arrive resolved as Secret.
    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.optional(API_URL, "sandbox:", "the PSP's API base URL; 'sandbox:' uses the built-in in-memory sandbox"),
                ConfigKey.requiredSecret(API_KEY, "the PSP's API key"),
                ConfigKey.optional(CURRENCY, "EUR", "the currency payments are taken in (2 decimals)"));
    }

    @Override
    public BillingProvider create(NetworkConfig config, ProviderContext context) {
        // TODO(4): build the client of your PSP's real API from config.require(API_URL) and config.requireSecret(API_KEY).
        StarterPspClient client = new SandboxPspClient(context.clock());
        return new StarterBillingProvider(config, context, client, config.require(CURRENCY).strip());
    }
}

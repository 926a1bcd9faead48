package io.billinggateway.router;

import io.billinggateway.spi.BillingProvider;

import static java.util.Objects.requireNonNull;

/**
 * A network's candidate configuration with a provider created from it that serves nothing (see
 * {@link ProviderRouter#prepare}): the host validates a change with it or probes the provider
 * ({@link BillingProvider#health()}). Closing it closes the provider, so a probe leaves nothing running.
 */
public final class PreparedNetwork implements AutoCloseable {
    private final NetworkSettings settings;
    private final BillingProvider provider;

    PreparedNetwork(NetworkSettings settings, BillingProvider provider) {
        this.settings = requireNonNull(settings, "settings is null");
        this.provider = requireNonNull(provider, "provider is null");
    }

    public NetworkSettings settings() {
        return settings;
    }

    /** The candidate provider, isolated and masked like any routed one. */
    public BillingProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        provider.close();
    }
}

package io.billinggateway.router;

import io.billinggateway.spi.BillingProvider;

import static java.util.Objects.requireNonNull;

/**
 * A network's candidate configuration with a provider already created from it (see {@link ProviderRouter#prepare}):
 * the host can probe the provider ({@link BillingProvider#health()}) before deciding. Closing it closes the provider
 * unless it was {@linkplain ProviderRouter#install installed}, so a probe that is not kept leaves nothing running.
 */
public final class PreparedNetwork implements AutoCloseable {
    private final NetworkSettings settings;
    private final BillingProvider provider;
    private volatile boolean installed;

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

    void markInstalled() {
        installed = true;
    }

    @Override
    public void close() {
        if (!installed) {
            provider.close();
        }
    }
}

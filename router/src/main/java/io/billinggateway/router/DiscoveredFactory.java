package io.billinggateway.router;

import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ConfigKey;

import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A factory that loaded and passed the loader's checks, with what it declared read once (a factory's
 * declarations are not re-read, so a misbehaving plugin cannot change them later).
 */
public record DiscoveredFactory(
        BillingProviderFactory factory,
        PluginSource source,
        ClassLoader classLoader,
        String providerId,
        String spiVersion,
        Set<Capability> capabilities,
        List<ConfigKey> configKeys) {
    public DiscoveredFactory {
        requireNonNull(factory, "factory is null");
        requireNonNull(source, "source is null");
        requireNonNull(classLoader, "classLoader is null");
        requireNonNull(providerId, "providerId is null");
        requireNonNull(spiVersion, "spiVersion is null");
        capabilities = Capability.closure(capabilities);
        configKeys = List.copyOf(configKeys);
    }
}

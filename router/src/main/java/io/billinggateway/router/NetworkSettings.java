package io.billinggateway.router;

import io.billinggateway.spi.NetworkConfig;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One enabled network after validation: the factory that serves it, the configuration its provider gets,
 * and the host's own settings for it (worker lane settings and the like).
 */
public record NetworkSettings(String name, DiscoveredFactory factory, NetworkConfig config, Map<String, String> hostValues) {
    public NetworkSettings {
        requireNonNull(name, "name is null");
        requireNonNull(factory, "factory is null");
        requireNonNull(config, "config is null");
        hostValues = Map.copyOf(requireNonNull(hostValues, "hostValues is null"));
    }
}

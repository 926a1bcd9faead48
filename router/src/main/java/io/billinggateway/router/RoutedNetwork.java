package io.billinggateway.router;

import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.ChainId;
import io.billinggateway.spi.NetworkDescription;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * An enabled network and its provider. {@link #provider()} is the router's isolating wrapper: calls run
 * with the plugin's context class loader, and failures come out as {@link io.billinggateway.spi.BillingException}
 * with secrets masked.
 */
public record RoutedNetwork(String name, String providerId, ChainId chainId, PluginSource source, BillingProvider provider, Map<String, String> hostValues) {
    public RoutedNetwork {
        requireNonNull(name, "name is null");
        requireNonNull(providerId, "providerId is null");
        requireNonNull(chainId, "chainId is null");
        requireNonNull(source, "source is null");
        requireNonNull(provider, "provider is null");
        hostValues = Map.copyOf(requireNonNull(hostValues, "hostValues is null"));
    }

    public NetworkDescription describe() {
        return provider.describe();
    }

    String label() {
        return name + " (" + providerId + ", " + chainId + ")";
    }
}

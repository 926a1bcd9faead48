package io.billinggateway.router;

import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.SecretResolver;

import java.util.Map;

/** Supplies the host-owned context of each network's provider. Implemented by the gateway. */
@FunctionalInterface
public interface ProviderContextFactory {
    ProviderContext contextFor(String network, String providerId, SecretResolver secretResolver);

    /**
     * The context of a network whose host keys (the {@link ProviderRouter.Settings#hostKeys()} the host accepts for every
     * network) have the given values, defaults included. The default ignores them.
     */
    default ProviderContext contextFor(String network, String providerId, Map<String, String> hostValues, SecretResolver secretResolver) {
        return contextFor(network, providerId, secretResolver);
    }
}

package io.billinggateway.router;

import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.SecretResolver;

import java.util.Map;

/** Supplies the host-owned context of each network's provider. Implemented by the gateway. */
@FunctionalInterface
public interface ProviderContextFactory {
    /**
     * @param hostValues the network's values of the host keys ({@link ProviderRouter.Settings#hostKeys()}), defaults included
     */
    ProviderContext contextFor(String network, String providerId, Map<String, String> hostValues, SecretResolver secretResolver);
}

package io.billinggateway.router;

import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.SecretResolver;

/** Supplies the host-owned context of each network's provider. Implemented by the gateway. */
@FunctionalInterface
public interface ProviderContextFactory {
    ProviderContext contextFor(String network, String providerId, SecretResolver secretResolver);
}

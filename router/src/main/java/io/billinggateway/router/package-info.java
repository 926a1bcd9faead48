/**
 * Finds provider plugins and routes requests to the provider of a network.
 *
 * <p>{@link io.billinggateway.router.PluginDiscovery} finds {@link io.billinggateway.spi.BillingProviderFactory}
 * implementations on the host class path and in a {@code plugins/} directory (one isolated class loader per
 * plugin); {@link io.billinggateway.router.NetworkConfigurationReader} reads {@code BILLING_NETWORKS} and
 * {@code billing.networks.<name>.*} and validates each network against its factory's declared keys;
 * {@link io.billinggateway.router.ProviderRouter} creates one provider per network and resolves by network
 * name or by (providerId, chainId). Every misconfiguration is collected as one line in a
 * {@link io.billinggateway.router.RouterConfigurationException}, so an operator sees all problems at once.
 *
 * <p>This package depends on the SPI and the JDK only; the gateway wires it into Micronaut.
 */
package io.billinggateway.router;

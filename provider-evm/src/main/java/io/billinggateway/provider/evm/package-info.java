/**
 * The EVM provider: {@link io.billinggateway.provider.evm.EvmBillingProviderFactory} (providerId {@code evm}) and
 * the provider of one network, built on the contracts module's bindings and web3j.
 */
package io.billinggateway.provider.evm;

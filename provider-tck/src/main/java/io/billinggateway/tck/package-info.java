/**
 * The provider conformance kit: JUnit 5 base classes a plugin author extends to prove a provider honours the SPI.
 *
 * <p>{@link io.billinggateway.tck.BaseBillingProviderConformanceTest} drives every SPI operation of a freshly
 * created provider per test and branches on the declared capabilities;
 * {@link io.billinggateway.tck.BasePluginLoaderConformanceTest} checks that a built plugin jar installs into the
 * gateway's {@code plugins/} directory. {@link io.billinggateway.tck.ConformanceEnvironment} is what the kit
 * provides around the provider: webhook receiver, data directory, movable clock, context and event waiting.
 */
package io.billinggateway.tck;

/**
 * The billing provider SPI: the only API a payment provider plugin compiles against.
 *
 * <p>A plugin ships a {@link io.billinggateway.spi.BillingProviderFactory} registered in
 * {@code META-INF/services/io.billinggateway.spi.BillingProviderFactory}. The gateway finds it with
 * {@link java.util.ServiceLoader}, validates each configured network against the factory's
 * {@linkplain io.billinggateway.spi.BillingProviderFactory#configKeys() declared keys}, and calls
 * {@link io.billinggateway.spi.BillingProviderFactory#create create} once per network to obtain a
 * {@link io.billinggateway.spi.BillingProvider} bound to that network.
 *
 * <p>Rules that hold for every type here:
 * <ul>
 *   <li>Money is an integer count of an asset's smallest unit ({@link io.billinggateway.spi.Money}); never floating point.</li>
 *   <li>Chains are CAIP-2 identifiers ({@link io.billinggateway.spi.ChainId}).</li>
 *   <li>Every operation takes one request record and returns one result; records validate themselves
 *       and never contain {@code null} (absent values are {@link java.util.Optional}).</li>
 *   <li>Failures are {@link io.billinggateway.spi.BillingException} carrying an
 *       {@link io.billinggateway.spi.ErrorCode} that says whether a retry is safe.</li>
 *   <li>This package depends on the JDK only, and changes follow {@link io.billinggateway.spi.SpiVersion}.</li>
 * </ul>
 */
package io.billinggateway.spi;

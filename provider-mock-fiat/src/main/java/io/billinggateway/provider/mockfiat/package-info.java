/**
 * A mock card payment service provider ({@code mock-fiat}) that behaves like a real one: it serves hosted
 * checkout pages, decides by deterministic test cards, saves cards for renewals charged once per period,
 * refunds in full or in part, signs Standard Webhooks and delivers them at least once, and keeps its books in
 * its data directory across restarts, shared by every gateway process on the machine that uses the directory.
 *
 * <p>{@link io.billinggateway.provider.mockfiat.MockFiatBillingProviderFactory} is the plugin's entry point;
 * {@link io.billinggateway.provider.mockfiat.MockFiatBillingProvider} adapts the PSP to the SPI. The PSP itself
 * lives in the sub-packages: {@code card}, {@code ledger}, {@code processor}, {@code checkout}, {@code webhook}
 * and {@code json}.
 */
package io.billinggateway.provider.mockfiat;

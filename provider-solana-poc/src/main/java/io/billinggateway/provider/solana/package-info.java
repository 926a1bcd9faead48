/**
 * A Solana Pay provider ({@code solana-poc}) proving the SPI fits a non-EVM chain: checkouts are transfer request
 * URLs with a fresh reference key, and payments are found on chain by that reference through JSON-RPC and checked
 * for recipient, amount and token before they are reported.
 *
 * <p>{@link io.billinggateway.provider.solana.SolanaBillingProviderFactory} is the plugin's entry point. Sub-packages:
 * {@code pay} (URL, reference keys, base58), {@code rpc} (JSON-RPC client), {@code confirmation} (judging a
 * transaction against a checkout), {@code store} (the journal in the data directory) and {@code json}.
 */
package io.billinggateway.provider.solana;

/**
 * Checkout payloads for wallets: {@code subscribe} with a checkout tag for subscriptions, Marketplace
 * {@code buy} with a listing signed per checkout for one-time payments, {@code unsubscribe} for a subscriber's
 * cancellation. Gas is estimated for the payer's account against the live chain.
 */
package io.billinggateway.provider.evm.checkout;

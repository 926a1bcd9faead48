/**
 * Checkout, subscribe and unsubscribe. Every start of a payment carries an {@code Idempotency-Key}: the same
 * key returns the same ledger entry and payload, the same key with a different body is rejected, and
 * concurrent duplicates wait for the first and get its answer.
 */
package io.billinggateway.gateway.checkout;

/**
 * Checkout, subscribe and unsubscribe, and the {@code Idempotency-Key} rules the admin refunds share. A request
 * refused before any provider is asked stores nothing; an admitted one stores its key and fingerprint before the
 * provider is asked, so the same key returns the same ledger entry and payload, the same key with a different body
 * is rejected, and concurrent duplicates wait for the first and get its answer.
 */
package io.billinggateway.gateway.checkout;

/**
 * Refunds of confirmed payments by {@code billing_admin}, full or partial, once per (payment, {@code Idempotency-Key}):
 * each request is a row in {@code billing_refund_requests}, committed before the provider is asked and settled after.
 */
package io.billinggateway.gateway.refund;

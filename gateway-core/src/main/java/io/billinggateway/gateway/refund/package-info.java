/** Refunds of confirmed payments by {@code billing_admin}, full or partial, once per {@code Idempotency-Key}. */
package io.billinggateway.gateway.refund;

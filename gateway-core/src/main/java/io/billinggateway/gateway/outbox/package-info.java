/**
 * Domain events out: rows written in the same transaction as the change that caused them
 * ({@code billing.plan.changed.v1}, subscription activated/charged/failed, payment failed/refunded).
 */
package io.billinggateway.gateway.outbox;

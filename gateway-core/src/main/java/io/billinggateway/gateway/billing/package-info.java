/**
 * The one home of payment and subscription state: {@link io.billinggateway.gateway.billing.Payments} and
 * {@link io.billinggateway.gateway.billing.Subscriptions} are the only code that changes {@code payment_transactions}
 * and {@code billing_subscription_state}. Every transition runs in the caller's transaction, changes the row under the
 * SQL guard of the state it starts from, appends a row to {@code billing_status_history} (from, to, cause, actor or
 * event id, reason) and writes its outbox event, so the three commit together or not at all.
 *
 * <p>Webhooks and polled events ({@code webhook.EventApplier}), the charge worker, checkout, refunds and the staff
 * actions are adapters: they decide which transition a fact means and name its {@link io.billinggateway.gateway.billing.Cause}.
 * {@code docs/architecture.md} shows the structure before and after this package took the transitions over.
 */
package io.billinggateway.gateway.billing;

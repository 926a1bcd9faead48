/**
 * Subscriptions ({@code billing_subscription_state}): {@code pending} from subscribe until the network
 * activates them, then {@code active}; {@code past_due} while a failed renewal is retried; {@code cancelled}
 * or {@code failed} at the end. {@code next_charge_at} and {@code retry_at} drive the charge worker. Reads only:
 * the {@code billing} package makes every change.
 */
package io.billinggateway.gateway.subscription;

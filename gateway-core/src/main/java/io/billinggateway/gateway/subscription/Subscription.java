package io.billinggateway.gateway.subscription;

import io.billinggateway.gateway.plan.BillingPeriod;

import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * A user's subscription to a plan on one network, on the terms they agreed to.
 *
 * @param providerSubscriptionRef the provider's id, known once the network activated the subscription
 * @param checkoutLedgerId the ledger entry of the first period
 */
public record Subscription(UUID id, String userId, UUID planId, long termsVersion, String network, String chainId, String providerId,
                           String providerSubscriptionRef, UUID checkoutLedgerId, String token, BigInteger amount, BillingPeriod billingPeriod,
                           SubscriptionStatus status, Instant currentPeriodStart, Instant nextChargeAt, Instant retryAt, int failureCount,
                           String lastError, Instant cancelRequestedAt, Instant cancelledAt, Instant createdAt, Instant updatedAt, long rowVersion) {
}

package io.billinggateway.gateway.ledger;

import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * One payment.
 *
 * @param id also the checkoutId the provider received, so a repeated checkout finds the same payment
 * @param productType {@code plan_purchase}, {@code plan_subscription} (the first period) or {@code subscription_renewal}
 * @param payload the checkout payload (JSON) the client acts on; null for renewals
 */
public record LedgerEntry(UUID id, String userId, String network, String chainId, String providerId, String productType, String productId,
                          UUID planId, UUID subscriptionId, String token, BigInteger amount, BigInteger refundedAmount, LedgerStatus status,
                          String providerReference, String txHash, String payload, String failureReason, Instant confirmedAt,
                          Instant createdAt, Instant updatedAt, long rowVersion) {
    public static final String PLAN_PURCHASE = "plan_purchase";
    public static final String PLAN_SUBSCRIPTION = "plan_subscription";
    public static final String SUBSCRIPTION_RENEWAL = "subscription_renewal";
}

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

    /** A new payment by name: what it is for and what is due; the rest starts empty (nothing refunded, row version 1). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Names the fields of a new entry, so adding a column touches this class and the mapping, not every caller. Fields
     * not set stay null; {@code refundedAmount} starts at zero and {@code rowVersion} at 1.
     */
    public static final class Builder {
        private UUID id;
        private String userId;
        private String network;
        private String chainId;
        private String providerId;
        private String productType;
        private String productId;
        private UUID planId;
        private UUID subscriptionId;
        private String token;
        private BigInteger amount;
        private LedgerStatus status = LedgerStatus.PENDING;
        private String txHash;
        private Instant confirmedAt;
        private Instant createdAt;

        private Builder() {
        }

        public Builder id(UUID value) { this.id = value; return this; }
        public Builder userId(String value) { this.userId = value; return this; }
        /** Network name, its CAIP-2 chain id and provider id together, as one network is known by all three. */
        public Builder network(String name, String chain, String provider) { this.network = name; this.chainId = chain; this.providerId = provider; return this; }
        /** The product type ({@link #PLAN_PURCHASE}, ...) and the product's id. */
        public Builder product(String type, String id) { this.productType = type; this.productId = id; return this; }
        public Builder planId(UUID value) { this.planId = value; return this; }
        public Builder subscriptionId(UUID value) { this.subscriptionId = value; return this; }
        /** What is due: integer minor units of {@code asset}. */
        public Builder due(String asset, BigInteger minorUnits) { this.token = asset; this.amount = minorUnits; return this; }
        public Builder pending() { this.status = LedgerStatus.PENDING; return this; }
        /** Already paid: confirmed by the transaction {@code transactionRef} at {@code paidAt}. */
        public Builder confirmed(String transactionRef, Instant paidAt) {
            this.status = LedgerStatus.CONFIRMED;
            this.txHash = transactionRef;
            this.confirmedAt = paidAt;
            return this;
        }
        public Builder createdAt(Instant value) { this.createdAt = value; return this; }

        public LedgerEntry build() {
            return new LedgerEntry(id, userId, network, chainId, providerId, productType, productId, planId, subscriptionId, token, amount,
                    BigInteger.ZERO, status, null, txHash, null, null, confirmedAt, createdAt, createdAt, 1);
        }
    }
}

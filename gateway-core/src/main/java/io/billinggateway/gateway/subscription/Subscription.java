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

    /** A new subscription by name; it starts {@code pending}, without a provider reference or a period, at row version 1. */
    public static Builder builder() {
        return new Builder();
    }

    /** Names the fields of a new subscription, so adding a column touches this class and the mapping, not every caller. */
    public static final class Builder {
        private UUID id;
        private String userId;
        private UUID planId;
        private long termsVersion;
        private String network;
        private String chainId;
        private String providerId;
        private UUID checkoutLedgerId;
        private String token;
        private BigInteger amount;
        private BillingPeriod billingPeriod;
        private Instant createdAt;

        private Builder() {
        }

        public Builder id(UUID value) { this.id = value; return this; }
        public Builder userId(String value) { this.userId = value; return this; }
        /** The plan and the version of its terms the user agreed to. */
        public Builder plan(UUID plan, long terms) { this.planId = plan; this.termsVersion = terms; return this; }
        /** Network name, its CAIP-2 chain id and provider id together, as one network is known by all three. */
        public Builder network(String name, String chain, String provider) { this.network = name; this.chainId = chain; this.providerId = provider; return this; }
        public Builder checkoutLedgerId(UUID value) { this.checkoutLedgerId = value; return this; }
        /** The price of one period: integer minor units of {@code asset}. */
        public Builder price(String asset, BigInteger minorUnits, BillingPeriod period) {
            this.token = asset;
            this.amount = minorUnits;
            this.billingPeriod = period;
            return this;
        }
        public Builder createdAt(Instant value) { this.createdAt = value; return this; }

        public Subscription build() {
            return new Subscription(id, userId, planId, termsVersion, network, chainId, providerId, null, checkoutLedgerId, token, amount, billingPeriod,
                    SubscriptionStatus.PENDING, null, null, null, 0, null, null, null, createdAt, createdAt, 1);
        }
    }
}

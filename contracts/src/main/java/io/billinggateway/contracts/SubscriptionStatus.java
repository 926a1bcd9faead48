package io.billinggateway.contracts;

/** A subscription's status in the SubscriptionManager, in the contract's enum order. */
public enum SubscriptionStatus {
    NONE,
    ACTIVE,
    CANCELLED,
    /** Ended by {@code markFailedCharge} after the retry budget. */
    FAILED;

    static SubscriptionStatus fromOrdinal(int ordinal) {
        return values()[ordinal];
    }
}

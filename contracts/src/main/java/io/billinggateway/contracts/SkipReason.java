package io.billinggateway.contracts;

/** Why {@code SubscriptionManager.charge} skipped a subscription, in the contract's enum order. */
public enum SkipReason {
    /** The subscription does not exist, or its plan is unknown. */
    NO_PLAN,
    /** The period has not ended yet, or a scheduled retry is still ahead. */
    NOT_DUE,
    /** Native plans: the deposit is short; ERC-20 plans: balance or allowance to the gateway is short. */
    INSUFFICIENT_BALANCE,
    /** The plan is Inactive or Frozen; renewals stop. */
    PLAN_INACTIVE,
    /** The subscription was cancelled or has failed for good. */
    SUBSCRIPTION_INACTIVE,
    /** The payment itself reverted (token refused the transfer, merchant rejected the coin); nothing changed. */
    PAYMENT_FAILED;

    static SkipReason fromOrdinal(int ordinal) {
        return values()[ordinal];
    }
}

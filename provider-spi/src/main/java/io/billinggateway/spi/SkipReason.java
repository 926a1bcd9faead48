package io.billinggateway.spi;

/** Why a due item was not charged although nothing failed. */
public enum SkipReason {
    /** The period is not due yet, or was already charged. */
    NOT_DUE,
    /** The payer's balance, deposit or allowance does not cover the amount. */
    INSUFFICIENT_BALANCE,
    /** The plan is inactive or frozen. */
    PLAN_INACTIVE,
    /** The plan does not exist on the network. */
    NO_PLAN,
    /** The subscription was cancelled or has failed finally. */
    SUBSCRIPTION_INACTIVE
}

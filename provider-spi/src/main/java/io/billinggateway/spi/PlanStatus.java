package io.billinggateway.spi;

/** The lifecycle state of a plan on one network. */
public enum PlanStatus {
    /** Open for new checkouts; existing subscriptions renew. */
    ACTIVE,
    /** Closed for new checkouts; existing subscriptions are not renewed. */
    INACTIVE,
    /** Temporarily closed for new checkouts and renewals, e.g. during an investigation. */
    FROZEN
}

package io.billinggateway.spi;

/** What a checkout starts. */
public enum CheckoutKind {
    /** A single payment; needs {@link Capability#ONE_TIME_PAYMENT}. */
    ONE_TIME,
    /** A subscription whose first period is paid now and later periods are charged by the gateway; needs {@link Capability#RECURRING_CHARGE}. */
    SUBSCRIPTION
}

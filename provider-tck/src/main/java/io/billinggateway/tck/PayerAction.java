package io.billinggateway.tck;

/** What the simulated payer does with a checkout payload. */
public enum PayerAction {
    /** Completes the payment with an instrument that succeeds (a good test card, a funded wallet). */
    PAY,
    /** Refuses or fails the payment (the hosted page's decline button, a declined test card). */
    DECLINE
}

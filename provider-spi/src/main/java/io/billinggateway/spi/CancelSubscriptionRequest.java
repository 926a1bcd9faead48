package io.billinggateway.spi;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/** Ends a subscription so that it is never charged again. Cancelling a cancelled subscription is a no-op. */
public record CancelSubscriptionRequest(String subscriptionRef, Initiator initiator) {
    public enum Initiator {
        /** The subscriber asked; on chains the subscriber's wallet may have to sign. */
        SUBSCRIBER,
        /** An operator ended it (force-cancel). */
        OPERATOR,
        /** The retry budget is spent; the final-failure path. */
        RETRIES_EXHAUSTED
    }

    public CancelSubscriptionRequest {
        requireText(subscriptionRef, "subscriptionRef");
        requireNonNull(initiator, "initiator is null");
    }
}

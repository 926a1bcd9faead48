package io.billinggateway.spi;

import java.time.Instant;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/** The result of {@link BillingProvider#cancelSubscription}. */
public sealed interface CancelResult {
    String subscriptionRef();

    /** The subscription is over; nothing more will be charged. */
    record Cancelled(String subscriptionRef, Instant cancelledAt) implements CancelResult {
        public Cancelled {
            requireText(subscriptionRef, "subscriptionRef");
            requireNonNull(cancelledAt, "cancelledAt is null");
        }
    }

    /** The subscriber must act (sign an on-chain {@code unsubscribe}); a {@link BillingEvent.SubscriptionCancelled} follows. */
    record ActionRequired(String subscriptionRef, CheckoutPayload payload) implements CancelResult {
        public ActionRequired {
            requireText(subscriptionRef, "subscriptionRef");
            requireNonNull(payload, "payload is null");
        }
    }
}

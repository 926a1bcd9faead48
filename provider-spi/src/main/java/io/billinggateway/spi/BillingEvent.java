package io.billinggateway.spi;

import java.time.Instant;
import java.util.Optional;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/**
 * Something that happened on a network, normalised. Events come from {@link BillingProvider#parseWebhook}
 * and {@link BillingProvider#pollEvents}.
 *
 * <p>{@link #eventId()} is unique within the network and stable across redeliveries (a PSP's event id; a
 * chain's {@code txHash:logIndex}), so the gateway applies each event once however often it arrives.
 * Events may arrive out of order; each carries what the gateway needs to apply it on its own.
 */
public sealed interface BillingEvent {
    String eventId();

    Instant occurredAt();

    /** The payment of a checkout completed. {@code providerReference} is the {@link CheckoutResult#providerReference()}. */
    record PaymentConfirmed(String eventId, Instant occurredAt, String providerReference, String transactionRef, Money amount)
            implements BillingEvent {
        public PaymentConfirmed {
            requireText(eventId, "eventId");
            requireNonNull(occurredAt, "occurredAt is null");
            requireText(providerReference, "providerReference");
            requireText(transactionRef, "transactionRef");
            requireNonNull(amount, "amount is null");
        }
    }

    /** The payment of a checkout failed finally (declined, expired). */
    record PaymentFailed(String eventId, Instant occurredAt, String providerReference, ErrorCode code, String reason)
            implements BillingEvent {
        public PaymentFailed {
            requireText(eventId, "eventId");
            requireNonNull(occurredAt, "occurredAt is null");
            requireText(providerReference, "providerReference");
            requireNonNull(code, "code is null");
            requireText(reason, "reason");
        }
    }

    /** Money of a payment went back to the payer; {@code amount} is this refund only. */
    record PaymentRefunded(String eventId, Instant occurredAt, String paymentRef, String refundRef, Money amount)
            implements BillingEvent {
        public PaymentRefunded {
            requireText(eventId, "eventId");
            requireNonNull(occurredAt, "occurredAt is null");
            requireText(paymentRef, "paymentRef");
            requireText(refundRef, "refundRef");
            requireNonNull(amount, "amount is null");
        }
    }

    /** A subscription checkout completed; the subscription can now be charged as {@code subscriptionRef}. */
    record SubscriptionActivated(String eventId, Instant occurredAt, String providerReference, String subscriptionRef, Optional<Instant> nextChargeAt)
            implements BillingEvent {
        public SubscriptionActivated {
            requireText(eventId, "eventId");
            requireNonNull(occurredAt, "occurredAt is null");
            requireText(providerReference, "providerReference");
            requireText(subscriptionRef, "subscriptionRef");
            requireNonNull(nextChargeAt, "nextChargeAt is null");
        }
    }

    /** A renewal period was charged. */
    record SubscriptionCharged(String eventId, Instant occurredAt, String subscriptionRef, String transactionRef, Money amount, Optional<Instant> nextChargeAt)
            implements BillingEvent {
        public SubscriptionCharged {
            requireText(eventId, "eventId");
            requireNonNull(occurredAt, "occurredAt is null");
            requireText(subscriptionRef, "subscriptionRef");
            requireText(transactionRef, "transactionRef");
            requireNonNull(amount, "amount is null");
            requireNonNull(nextChargeAt, "nextChargeAt is null");
        }
    }

    /** A renewal was skipped without failure (on chains: {@code ChargeSkipped}). */
    record SubscriptionChargeSkipped(String eventId, Instant occurredAt, String subscriptionRef, SkipReason reason)
            implements BillingEvent {
        public SubscriptionChargeSkipped {
            requireText(eventId, "eventId");
            requireNonNull(occurredAt, "occurredAt is null");
            requireText(subscriptionRef, "subscriptionRef");
            requireNonNull(reason, "reason is null");
        }
    }

    /** A renewal failed; {@code finalFailure} means the subscription is over. */
    record SubscriptionChargeFailed(String eventId, Instant occurredAt, String subscriptionRef, ErrorCode code, String reason, boolean finalFailure)
            implements BillingEvent {
        public SubscriptionChargeFailed {
            requireText(eventId, "eventId");
            requireNonNull(occurredAt, "occurredAt is null");
            requireText(subscriptionRef, "subscriptionRef");
            requireNonNull(code, "code is null");
            requireText(reason, "reason");
        }
    }

    /** A subscription ended. */
    record SubscriptionCancelled(String eventId, Instant occurredAt, String subscriptionRef) implements BillingEvent {
        public SubscriptionCancelled {
            requireText(eventId, "eventId");
            requireNonNull(occurredAt, "occurredAt is null");
            requireText(subscriptionRef, "subscriptionRef");
        }
    }

    /** A plan's status changed on the network. */
    record PlanStatusChanged(String eventId, Instant occurredAt, String providerPlanRef, PlanStatus status) implements BillingEvent {
        public PlanStatusChanged {
            requireText(eventId, "eventId");
            requireNonNull(occurredAt, "occurredAt is null");
            requireText(providerPlanRef, "providerPlanRef");
            requireNonNull(status, "status is null");
        }
    }
}

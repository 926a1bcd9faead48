package io.billinggateway.contracts;

import java.math.BigInteger;
import java.time.Instant;

/** Events of the SubscriptionManager, as decoded by {@link SubscriptionManager#decode}. */
public sealed interface SubscriptionEvent {

    EventLocation location();

    /** {@code SubscriptionActivated}: the first period is paid; {@code deposit} is what remains for renewals. */
    record Activated(EventLocation location, BigInteger subscriptionId, String planHash, String subscriber,
            Instant nextChargeAt, BigInteger deposit) implements SubscriptionEvent {}

    /** {@code SubscriptionCharged}: {@code amount} paid (after discounts), {@code fee} of it to the protocol. */
    record Charged(EventLocation location, BigInteger subscriptionId, String planHash, String subscriber,
            BigInteger amount, BigInteger fee, Instant nextChargeAt) implements SubscriptionEvent, ChargeOutcome {}

    /** {@code ChargeSkipped}: nothing was charged and nothing changed. */
    record ChargeSkipped(EventLocation location, BigInteger subscriptionId, SkipReason reason)
            implements SubscriptionEvent, ChargeOutcome {}

    /** {@code SubscriptionRetryScheduled}: failed attempt number {@code attempt}; due again at {@code retryAt}. */
    record RetryScheduled(EventLocation location, BigInteger subscriptionId, int attempt, Instant retryAt)
            implements SubscriptionEvent {}

    /** {@code SubscriptionFailedFinal}: the retry budget is spent; the subscription ended and its deposit was refunded. */
    record FailedFinal(EventLocation location, BigInteger subscriptionId, int attempts, BigInteger refunded)
            implements SubscriptionEvent {}

    /** {@code SubscriptionCancelled} by the subscriber or, with a reason, by an operator. */
    record Cancelled(EventLocation location, BigInteger subscriptionId, String subscriber, String cancelledBy,
            BigInteger refunded, String reason) implements SubscriptionEvent {}

    /** {@code DepositAdded} to a native-coin subscription. */
    record DepositAdded(EventLocation location, BigInteger subscriptionId, String from, BigInteger amount, BigInteger deposit)
            implements SubscriptionEvent {}

    /** {@code RefundDeferred}: the account rejected a pushed refund; it can {@code claimRefund}. */
    record RefundDeferred(EventLocation location, String account, BigInteger amount) implements SubscriptionEvent {}
}

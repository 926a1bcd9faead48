package io.billinggateway.spi;

import java.util.List;

/**
 * A payment provider bound to one network.
 *
 * <p><b>Threading.</b> Implementations are thread-safe: the gateway calls any method from request threads
 * and worker threads concurrently. The only ordering the gateway guarantees is that {@link #close()} is
 * called once, after every other call has returned.
 *
 * <p><b>Failures.</b> Every method reports failure by throwing {@link BillingException}; anything else is
 * treated as {@link ErrorCode#INTERNAL}. A method that has not finished in the time its network is
 * configured for should throw {@link ErrorCode#TIMEOUT} rather than block.
 *
 * <p><b>Idempotency.</b> Requests carry the gateway's ids ({@link CheckoutRequest#checkoutId()},
 * {@link ChargeItem}'s subscription and period, {@link RefundRequest#refundId()}); repeating a request with
 * the same id must not move money twice. The gateway repeats requests after timeouts and crashes.
 *
 * <p><b>Optional operations</b> are default methods that throw {@link BillingException#unsupported}; a
 * provider overrides those its declared {@link Capability capabilities} cover. New operations are added
 * the same way, in minor SPI versions, marked {@code @since}.
 */
public interface BillingProvider extends AutoCloseable {
    /**
     * What this network offers. Called often (catalog, routing); must answer from memory without I/O.
     */
    NetworkDescription describe();

    /**
     * Probes the counterpart (RPC node, PSP API) and reports. Called by health checks every few seconds,
     * so it must bound its own time (a second or two) and never throw: a failure is {@link HealthReport.Status#DOWN}.
     */
    HealthReport health();

    /**
     * Makes a plan purchasable on this network. Idempotent per plan id and version.
     */
    PlanRegistration registerPlan(RegisterPlanRequest request);

    /**
     * Moves a registered plan to another status.
     *
     * @throws BillingException {@link ErrorCode#NOT_FOUND} when the plan is not registered on this network
     */
    PlanStatusChange changePlanStatus(ChangePlanStatusRequest request);

    /**
     * Starts a payment or subscription and returns what the payer must do. The result is final only when
     * a {@link BillingEvent.PaymentConfirmed} or {@link BillingEvent.PaymentFailed} with the returned
     * {@link CheckoutResult#providerReference()} arrives.
     *
     * @throws BillingException {@link ErrorCode#UNSUPPORTED} for a {@link CheckoutKind} whose capability is not declared
     */
    CheckoutResult checkout(CheckoutRequest request);

    /**
     * Charges due subscription periods, one outcome per item in request order. One item's failure must
     * not fail the others: only a failure of the whole call (the node is down) is thrown, and then
     * nothing of the batch may have moved.
     *
     * <p>Needs {@link Capability#RECURRING_CHARGE}.
     */
    default ChargeBatchResult chargeBatch(ChargeBatchRequest request) {
        throw BillingException.unsupported(describe().providerId(), "chargeBatch", Capability.RECURRING_CHARGE);
    }

    /**
     * Returns money of a completed payment. Needs {@link Capability#REFUND}; a partial amount needs
     * {@link Capability#PARTIAL_REFUND}.
     *
     * @throws BillingException {@link ErrorCode#CONFLICT} when the amount exceeds what is left to refund
     */
    default Refund refund(RefundRequest request) {
        throw BillingException.unsupported(describe().providerId(), "refund", Capability.REFUND);
    }

    /**
     * Ends a subscription. Needs {@link Capability#RECURRING_CHARGE}.
     */
    default CancelResult cancelSubscription(CancelSubscriptionRequest request) {
        throw BillingException.unsupported(describe().providerId(), "cancelSubscription", Capability.RECURRING_CHARGE);
    }

    /**
     * Verifies an inbound webhook and returns its events (possibly none, for deliveries the gateway does
     * not care about). Needs {@link Capability#WEBHOOKS}.
     *
     * @throws BillingException {@link ErrorCode#SIGNATURE_INVALID} when the signature does not verify or the
     *         timestamp is outside the tolerance window; the gateway then changes nothing
     */
    default List<BillingEvent> parseWebhook(InboundWebhook webhook) {
        throw BillingException.unsupported(describe().providerId(), "parseWebhook", Capability.WEBHOOKS);
    }

    /**
     * Returns final events after a cursor (on chains: logs at least {@link NetworkDescription#confirmations()}
     * deep). Needs {@link Capability#EVENT_POLLING}.
     */
    default EventPage pollEvents(PollEventsRequest request) {
        throw BillingException.unsupported(describe().providerId(), "pollEvents", Capability.EVENT_POLLING);
    }

    /**
     * Lists what the provider itself recorded, from its beginning, in the form of the events that reported it, for
     * reconciliation ({@code gateway billing-reconcile}): the gateway compares them with its ledger to find what a lost
     * webhook or a skipped event left out. Paged like {@link #pollEvents}, with cursors of this method's own. A provider
     * that only tells by webhooks (a PSP) overrides this to list its payments without declaring
     * {@link Capability#EVENT_POLLING}, so the gateway does not poll it in normal operation.
     *
     * <p>The default is {@link #pollEvents} for a provider that declares {@link Capability#EVENT_POLLING}, and
     * {@link ErrorCode#UNSUPPORTED} otherwise.
     *
     * @since 1.4
     */
    default EventPage recordedEvents(PollEventsRequest request) {
        if (describe().supports(Capability.EVENT_POLLING)) {
            return pollEvents(request);
        }
        throw BillingException.unsupported(describe().providerId(), "recordedEvents", Capability.EVENT_POLLING);
    }

    /** Releases clients and threads. Called once at shutdown; must not throw. */
    @Override
    default void close() {
    }
}

package io.billinggateway.gateway.billing;

import io.billinggateway.gateway.ledger.LedgerEntry;
import io.billinggateway.gateway.ledger.LedgerRepository;
import io.billinggateway.gateway.ledger.LedgerStatus;
import io.billinggateway.gateway.metrics.BillingMetrics;
import io.billinggateway.gateway.outbox.Outbox;
import io.billinggateway.gateway.subscription.Subscription;
import io.billinggateway.gateway.subscription.SubscriptionStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The transitions of a subscription: open, activate, renew, fall past due, retry now, request or schedule a
 * cancellation, end. Each runs in the caller's transaction, locks the row, changes it under the SQL guard of the
 * state it starts from, appends the transition to the status history and writes the outbox event; a transition
 * whose guard does not hold changes nothing and returns false, so late or repeated reports are harmless.
 */
@Singleton
public final class Subscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);

    private final SubscriptionRows rows;
    private final PaymentRows payments;
    private final LedgerRepository ledger;
    private final StatusHistory history;
    private final Outbox outbox;
    private final BillingMetrics metrics;
    private final Clock clock;

    Subscriptions(SubscriptionRows rows, PaymentRows payments, LedgerRepository ledger, StatusHistory history, Outbox outbox, BillingMetrics metrics,
                  Clock clock) {
        this.rows = requireNonNull(rows, "rows is null");
        this.payments = requireNonNull(payments, "payments is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.history = requireNonNull(history, "history is null");
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Stores a new {@code pending} subscription unless it exists; returns whether it stored it. */
    public boolean open(Subscription subscription, Cause cause) {
        if (!rows.insertIfAbsent(subscription)) {
            return false;
        }
        history.append(StatusHistory.SUBSCRIPTION, subscription.id(), subscription.rowVersion(), null, subscription.status().value(), cause, null);
        return true;
    }

    /** pending becomes active with the provider's reference and its first period. */
    public boolean activate(Subscription subscription, String providerSubscriptionRef, Instant periodStart, Instant nextChargeAt, Cause cause) {
        return transition(subscription.id(), SubscriptionStatus.ACTIVE, cause, null,
                locked -> rows.activate(locked.id(), providerSubscriptionRef, periodStart, nextChargeAt, now()),
                () -> {
                    LOG.info("subscription activated: subscription_id={} user_id={} network={} next_charge_at={}", subscription.id(), subscription.userId(),
                            subscription.network(), nextChargeAt);
                    outbox.append(Outbox.SUBSCRIPTION_ACTIVATED, subscription.id().toString(),
                            EventPayloads.subscription(subscription, Map.of("nextChargeAt", nextChargeAt.toString())));
                });
    }

    /**
     * Records a paid renewal once per subscription and transaction (the charge worker and the event stream both report
     * it): the renewal's ledger id is derived from both, and only the call that inserts it advances the subscription.
     * One transaction may renew many subscriptions (an EVM {@code chargeBatch}), so the transaction alone is no key.
     *
     * <p>A transaction the subscription already has a payment booked on (its checkout's, or an earlier renewal's) is never
     * booked again as a renewal, whatever a provider answers: money moved once. The subscription then only follows the
     * provider's next charge time.
     *
     * @param nextChargeAt the provider's next charge time, or null to compute it from the billing period
     */
    public boolean renew(Subscription subscription, String transactionRef, BigInteger amount, Instant paidAt, Instant nextChargeAt, Cause cause) {
        Instant now = now();
        // The subscription first, then its renewal payment: the charge worker (which holds the row since its claim check) and a
        // provider event reporting the same renewal then queue on the row instead of deadlocking on the payment's id.
        if (rows.lock(subscription.id()).isEmpty()) {
            return false;
        }
        UUID ledgerId = UUID.nameUUIDFromBytes(("renewal\n" + subscription.network() + "\n" + subscription.id() + "\n" + transactionRef)
                .getBytes(StandardCharsets.UTF_8));
        if (ledger.bookedElsewhere(subscription.network(), subscription.id(), transactionRef, ledgerId)) {
            LOG.warn("renewal not booked: the provider answered with transaction {} that subscription {} already has a payment on (network {});"
                    + " following its next charge {}", transactionRef, subscription.id(), subscription.network(), nextChargeAt);
            if (nextChargeAt != null) {
                rows.correctNextCharge(subscription.id(), nextChargeAt, now);
            }
            return false;
        }
        LedgerEntry renewal = LedgerEntry.builder()
                .id(ledgerId)
                .userId(subscription.userId())
                .network(subscription.network(), subscription.chainId(), subscription.providerId())
                .product(LedgerEntry.SUBSCRIPTION_RENEWAL, subscription.planId().toString())
                .planId(subscription.planId())
                .subscriptionId(subscription.id())
                .due(subscription.token(), amount)
                .confirmed(transactionRef, paidAt)
                .createdAt(now)
                .build();
        if (!payments.insertIfAbsent(renewal)) {
            return false;
        }
        history.append(StatusHistory.PAYMENT, ledgerId, renewal.rowVersion(), null, LedgerStatus.CONFIRMED.value(), cause, "renewal of subscription " + subscription.id());
        metrics.transaction(subscription.network(), "renewal", LedgerStatus.CONFIRMED.value());
        Instant periodStart = subscription.nextChargeAt() == null ? paidAt : subscription.nextChargeAt();
        Instant next = nextChargeAt != null ? nextChargeAt : subscription.billingPeriod().nextChargeAt(periodStart, paidAt);
        transition(subscription.id(), SubscriptionStatus.ACTIVE, cause, "renewed by " + transactionRef,
                locked -> rows.recordCharge(locked.id(), periodStart, next, now), () -> { });
        LOG.info("subscription charged: subscription_id={} network={} tx_hash={} next_charge_at={}", subscription.id(), subscription.network(), transactionRef, next);
        outbox.append(Outbox.SUBSCRIPTION_CHARGED, subscription.id().toString(),
                EventPayloads.subscription(subscription, Map.of("txHash", transactionRef, "amount", amount.toString(), "nextChargeAt", next.toString())));
        return true;
    }

    /**
     * Moves the next charge forward to the provider's time for a renewal already recorded; never back. Not a transition
     * of the status, so the history stays as it is.
     */
    public boolean followNextCharge(UUID id, Instant nextChargeAt) {
        return rows.correctNextCharge(id, nextChargeAt, now());
    }

    /** A renewal failed retryably: {@code past_due} until {@code retryAt}. */
    public boolean pastDue(UUID id, String error, Instant retryAt, Cause cause) {
        return transition(id, SubscriptionStatus.PAST_DUE, cause, error, locked -> rows.recordRetryableFailure(locked.id(), error, retryAt, now()), () -> { });
    }

    /** Records what happened without a change of state (a skipped renewal, a failed charge call) in {@code last_error}. */
    public void note(UUID id, String note) {
        rows.recordNote(id, note, now());
    }

    /** Ends a subscription once ({@code cancelled} or {@code failed}); writes the matching outbox event. */
    public boolean end(Subscription subscription, SubscriptionStatus status, String reason, Cause cause) {
        if (!status.ended()) {
            throw new IllegalArgumentException(status + " does not end a subscription");
        }
        return transition(subscription.id(), status, cause, reason, locked -> rows.end(locked.id(), status, reason, now()), () -> {
            String type = status == SubscriptionStatus.FAILED ? Outbox.SUBSCRIPTION_FAILED : Outbox.SUBSCRIPTION_CANCELLED;
            Map<String, String> extra = reason != null ? Map.of("reason", reason) : cause.reason() != null ? Map.of("reason", cause.reason()) : Map.of();
            outbox.append(type, subscription.id().toString(), EventPayloads.subscription(subscription, extra));
        });
    }

    /**
     * Records that a cancellation was asked of the provider, so renewals stop while it is under way; the history shows the
     * request with the status unchanged.
     */
    public boolean requestCancel(UUID id, Cause cause) {
        return sameStatus(id, cause, "cancellation requested", locked -> rows.requestCancel(locked.id(), now()));
    }

    /** A past-due subscription's retry is due now; false when it is not past due. */
    public boolean retryNow(UUID id, Cause cause) {
        return sameStatus(id, cause, "retry made due now", locked -> locked.status() == SubscriptionStatus.PAST_DUE && rows.retryNow(locked.id(), now()));
    }

    /** Schedules the end at {@code cancelAt}: no renewal is claimed any more, and the charge lanes end it then. */
    public boolean cancelAtPeriodEnd(UUID id, Instant cancelAt, Cause cause) {
        return sameStatus(id, cause, "cancellation scheduled at " + cancelAt, locked -> rows.scheduleCancel(locked.id(), cancelAt, now()));
    }

    /** Subscriptions of a network whose scheduled cancellation has come, at most {@code limit}; a read. */
    public java.util.List<Subscription> cancellationsDue(String network, int limit) {
        return rows.cancellationsDue(network, now(), limit);
    }

    private boolean sameStatus(UUID id, Cause cause, String detail, java.util.function.Predicate<Subscription> change) {
        Optional<Subscription> locked = rows.lock(id);
        if (locked.isEmpty() || !change.test(locked.get())) {
            return false;
        }
        String status = locked.get().status().value();
        history.append(StatusHistory.SUBSCRIPTION, id, locked.get().rowVersion() + 1, status, status, cause, detail);
        return true;
    }

    private boolean transition(UUID id, SubscriptionStatus to, Cause cause, String detail, java.util.function.Predicate<Subscription> change, Runnable after) {
        Optional<Subscription> locked = rows.lock(id);
        if (locked.isEmpty() || !change.test(locked.get())) {
            return false;
        }
        history.append(StatusHistory.SUBSCRIPTION, id, locked.get().rowVersion() + 1, locked.get().status().value(), to.value(), cause, detail);
        after.run();
        return true;
    }

    private Instant now() {
        return clock.instant();
    }
}

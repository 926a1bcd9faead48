package io.billinggateway.gateway.billing;

import io.billinggateway.gateway.ledger.LedgerEntry;
import io.billinggateway.gateway.ledger.LedgerStatus;
import io.billinggateway.gateway.metrics.BillingMetrics;
import io.billinggateway.gateway.outbox.Outbox;
import io.billinggateway.gateway.subscription.SubscriptionRepository;
import io.billinggateway.gateway.subscription.SubscriptionStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The transitions of a payment (a ledger entry): open, confirm, fail, refund, correct. Each runs in the caller's
 * transaction, locks the row, changes it under the SQL guard of the state it starts from, appends the transition to
 * the status history and writes the outbox event; a transition whose guard does not hold changes nothing and returns
 * false. A correction never rewrites history: it is one more transition, caused by a named staff member with a reason.
 */
@Singleton
public final class Payments {
    private static final Logger LOG = LoggerFactory.getLogger(Payments.class);

    private final PaymentRows rows;
    private final SubscriptionRepository subscriptionReads;
    private final Subscriptions subscriptions;
    private final StatusHistory history;
    private final Outbox outbox;
    private final BillingMetrics metrics;
    private final Clock clock;

    Payments(PaymentRows rows, SubscriptionRepository subscriptionReads, Subscriptions subscriptions, StatusHistory history, Outbox outbox,
             BillingMetrics metrics, Clock clock) {
        this.rows = requireNonNull(rows, "rows is null");
        this.subscriptionReads = requireNonNull(subscriptionReads, "subscriptionReads is null");
        this.subscriptions = requireNonNull(subscriptions, "subscriptions is null");
        this.history = requireNonNull(history, "history is null");
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Which statuses a staff correction may move a payment to; {@code refunded} only by a refund, which moves money. */
    public static final java.util.Set<LedgerStatus> CORRECTABLE_TO = java.util.EnumSet.of(LedgerStatus.CONFIRMED, LedgerStatus.FAILED);

    /** Stores a new payment unless it exists; returns whether it stored it. */
    public boolean open(LedgerEntry entry, Cause cause) {
        if (!rows.insertIfAbsent(entry)) {
            return false;
        }
        history.append(StatusHistory.PAYMENT, entry.id(), entry.rowVersion(), null, entry.status().value(), cause, null);
        metrics.transaction(entry.network(), kind(entry), entry.status().value());
        return true;
    }

    /** The provider's reference and the payload the client acts on; not a change of status. */
    public void attachCheckout(UUID id, String providerReference, String payload) {
        rows.attachCheckout(id, providerReference, payload, now());
    }

    /** pending or failed becomes confirmed (a late success wins over an earlier failure: money moved). */
    public boolean confirm(LedgerEntry entry, String txHash, Instant confirmedAt, Cause cause) {
        if (!transition(entry.id(), LedgerStatus.CONFIRMED, cause, txHash == null ? null : "paid by " + txHash,
                locked -> rows.confirm(locked.id(), txHash, confirmedAt, now()))) {
            return false;
        }
        LOG.info("payment confirmed: ledger_id={} user_id={} network={} tx_hash={}", entry.id(), entry.userId(), entry.network(), txHash);
        metrics.confirmed(entry.network(), kind(entry), Duration.between(entry.createdAt(), confirmedAt == null ? now() : confirmedAt));
        outbox.append(Outbox.PAYMENT_CONFIRMED, entry.id().toString(), EventPayloads.payment(entry, Map.of("txHash", txHash)));
        return true;
    }

    /**
     * Fails a pending payment, and the pending subscription it would have started; returns whether it was pending. Used for
     * the provider's failure event, a wrong amount paid, and the provider's refusal of a checkout.
     */
    public boolean fail(LedgerEntry entry, String reason, Cause cause) {
        if (!transition(entry.id(), LedgerStatus.FAILED, cause, reason, locked -> rows.fail(locked.id(), reason, now()))) {
            return false;
        }
        outbox.append(Outbox.PAYMENT_FAILED, entry.id().toString(), EventPayloads.payment(entry, Map.of("reason", reason)));
        metrics.transaction(entry.network(), kind(entry), LedgerStatus.FAILED.value());
        if (entry.subscriptionId() != null) {
            subscriptionReads.find(entry.subscriptionId())
                    .filter(subscription -> subscription.status() == SubscriptionStatus.PENDING)
                    .ifPresent(subscription -> subscriptions.end(subscription, SubscriptionStatus.FAILED, "first payment failed: " + reason, cause));
        }
        return true;
    }

    /**
     * Fails a pending payment that was paid with another amount or asset than was due; the subscription it belongs to is
     * left to the provider's own events (a chain may still activate it).
     */
    public boolean failWrongAmount(LedgerEntry entry, String reason, Cause cause) {
        if (!transition(entry.id(), LedgerStatus.FAILED, cause, reason, locked -> rows.fail(locked.id(), reason, now()))) {
            return false;
        }
        outbox.append(Outbox.PAYMENT_FAILED, entry.id().toString(), EventPayloads.payment(entry, Map.of("reason", reason)));
        metrics.transaction(entry.network(), kind(entry), LedgerStatus.FAILED.value());
        return true;
    }

    /**
     * Records a refund once per provider refund reference (the webhook and the admin API both report it): only the call
     * that inserts the refund row moves the ledger and writes the outbox event.
     *
     * @param reason the staff member's reason, null for a refund the provider reported on its own
     * @param requestedBy the staff member who asked, null for a refund the provider reported on its own
     */
    public boolean refund(LedgerEntry entry, String refundRef, BigInteger amount, String reason, String requestedBy, Cause cause) {
        if (!rows.insertRefund(entry, refundRef, amount, reason, requestedBy, now())) {
            return false;
        }
        Optional<LedgerEntry> locked = rows.lock(entry.id());
        if (locked.isEmpty() || !rows.refund(entry.id(), amount, now())) {
            return false;
        }
        LedgerEntry before = locked.get();
        String to = before.refundedAmount().add(amount).compareTo(before.amount()) >= 0 ? LedgerStatus.REFUNDED.value() : before.status().value();
        history.append(StatusHistory.PAYMENT, entry.id(), before.rowVersion() + 1, before.status().value(), to, cause,
                "refund " + refundRef + " of " + amount + " " + before.token());
        LOG.info("payment refunded: ledger_id={} network={} refund_ref={} amount={}", entry.id(), entry.network(), refundRef, amount);
        if (to.equals(LedgerStatus.REFUNDED.value())) {
            metrics.transaction(entry.network(), kind(entry), to);
        }
        outbox.append(Outbox.PAYMENT_REFUNDED, entry.id().toString(),
                EventPayloads.payment(entry, Map.of("refundRef", refundRef, "refundedAmount", amount.toString())));
        return true;
    }

    /** What a correction came to. */
    public sealed interface Correction {
        /** The payment moved from {@code previous}; {@code entry} is the row after the move. */
        record Corrected(LedgerEntry entry, LedgerStatus previous) implements Correction {
        }

        /** The payment is already in the asked status; nothing was written. */
        record Unchanged(LedgerEntry entry) implements Correction {
        }

        record NotFound() implements Correction {
        }
    }

    /**
     * A staff correction to {@code to} (one of {@link #CORRECTABLE_TO}), appended as its own transition with the staff
     * member and reason; the outbox tells consumers the payment is now confirmed or failed, marked as a correction.
     */
    public Correction correct(UUID id, LedgerStatus to, Cause cause) {
        if (!CORRECTABLE_TO.contains(to)) {
            throw new IllegalArgumentException("a correction cannot move a payment to " + to);
        }
        Optional<LedgerEntry> locked = rows.lock(id);
        if (locked.isEmpty()) {
            return new Correction.NotFound();
        }
        LedgerEntry before = locked.get();
        if (before.status() == to) {
            return new Correction.Unchanged(before);
        }
        if (!rows.correct(id, before.status().value(), to.value(), cause.reason(), now())) {
            throw new IllegalStateException("payment " + id + " changed although it was locked");
        }
        history.append(StatusHistory.PAYMENT, id, before.rowVersion() + 1, before.status().value(), to.value(), cause, null);
        String type = to == LedgerStatus.CONFIRMED ? Outbox.PAYMENT_CONFIRMED : Outbox.PAYMENT_FAILED;
        outbox.append(type, id.toString(), EventPayloads.payment(before, Map.of("correction", "true", "previousStatus", before.status().value(),
                "reason", cause.reason())));
        LOG.warn("payment corrected by staff: ledger_id={} from={} to={} actor={}", id, before.status().value(), to.value(), cause.actor());
        metrics.transaction(before.network(), kind(before), to.value());
        return new Correction.Corrected(rows.lock(id).orElseThrow(), before.status());
    }

    private boolean transition(UUID id, LedgerStatus to, Cause cause, String detail, java.util.function.Predicate<LedgerEntry> change) {
        Optional<LedgerEntry> locked = rows.lock(id);
        if (locked.isEmpty() || !change.test(locked.get())) {
            return false;
        }
        history.append(StatusHistory.PAYMENT, id, locked.get().rowVersion() + 1, locked.get().status().value(), to.value(), cause, detail);
        return true;
    }

    /** The metrics' {@code kind} of a payment: a renewal, or the checkout that bought a plan or started a subscription. */
    static String kind(LedgerEntry entry) {
        return LedgerEntry.SUBSCRIPTION_RENEWAL.equals(entry.productType()) ? "renewal" : "checkout";
    }

    private Instant now() {
        return clock.instant();
    }
}

package io.billinggateway.gateway.webhook;

import io.billinggateway.gateway.ledger.LedgerEntry;
import io.billinggateway.gateway.ledger.LedgerRepository;
import io.billinggateway.gateway.ledger.LedgerStatus;
import io.billinggateway.gateway.outbox.Outbox;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.subscription.Subscription;
import io.billinggateway.gateway.subscription.SubscriptionRepository;
import io.billinggateway.gateway.subscription.SubscriptionStatus;
import io.billinggateway.spi.BillingEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Moves ledger and subscriptions by one event, in the caller's transaction, and writes the resulting domain
 * events to the outbox. Each transition checks the state it starts from, so a late or repeated event changes
 * nothing it should not. An event that refers to something not yet known (a renewal of a subscription whose
 * activation has not arrived) is {@link Result#DEFERRED} and applied again when more events arrive.
 */
@Singleton
public final class EventApplier {
    private static final Logger LOG = LoggerFactory.getLogger(EventApplier.class);

    private final Database database;
    private final LedgerRepository ledger;
    private final SubscriptionRepository subscriptions;
    private final Outbox outbox;
    private final Clock clock;

    EventApplier(Database database, LedgerRepository ledger, SubscriptionRepository subscriptions, Outbox outbox, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.subscriptions = requireNonNull(subscriptions, "subscriptions is null");
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public enum Result {
        /** The event changed state, or confirmed state that was already there. */
        APPLIED,
        /** The event refers to a payment or subscription not known yet; keep it and try again later. */
        DEFERRED
    }

    public Result apply(String network, BillingEvent event) {
        return switch (event) {
            case BillingEvent.PaymentConfirmed confirmed -> paymentConfirmed(network, confirmed);
            case BillingEvent.PaymentFailed failed -> paymentFailed(network, failed);
            case BillingEvent.PaymentRefunded refunded -> paymentRefunded(network, refunded);
            case BillingEvent.SubscriptionActivated activated -> subscriptionActivated(network, activated);
            case BillingEvent.SubscriptionCharged charged -> subscriptionCharged(network, charged);
            case BillingEvent.SubscriptionChargeSkipped skipped -> withSubscription(network, skipped.subscriptionRef(), subscription -> {
                subscriptions.recordNote(subscription.id(), "renewal skipped: " + skipped.reason(), now());
                return Result.APPLIED;
            });
            case BillingEvent.SubscriptionChargeFailed failed -> subscriptionChargeFailed(network, failed);
            case BillingEvent.SubscriptionCancelled cancelled -> withSubscription(network, cancelled.subscriptionRef(), subscription -> {
                endSubscription(subscription, SubscriptionStatus.CANCELLED, null);
                return Result.APPLIED;
            });
            case BillingEvent.PlanStatusChanged changed -> {
                database.update("UPDATE billing_plan_signatures SET status = ?, updated_at = ? WHERE network = ? AND provider_plan_ref = ?",
                        changed.status().name(), now(), network, changed.providerPlanRef());
                database.update("UPDATE billing_plan_terms_registrations SET status = ?, updated_at = ? WHERE network = ? AND provider_plan_ref = ?",
                        changed.status().name(), now(), network, changed.providerPlanRef());
                yield Result.APPLIED;
            }
        };
    }

    private Result paymentConfirmed(String network, BillingEvent.PaymentConfirmed event) {
        Optional<LedgerEntry> found = ledger.findByReference(network, event.providerReference());
        if (found.isEmpty()) {
            return Result.DEFERRED;
        }
        LedgerEntry entry = found.get();
        if (!entry.token().equals(event.amount().asset()) || !entry.amount().equals(event.amount().minorUnits())) {
            String reason = "paid " + event.amount() + " but " + entry.amount() + " " + entry.token() + " was due";
            LOG.error("payment amount mismatch: ledger_id={} network={} tx_hash={}: {}", entry.id(), network, event.transactionRef(), reason);
            if (ledger.fail(entry.id(), reason, now())) {
                paymentFailedEvent(entry, reason);
            }
            return Result.APPLIED;
        }
        if (ledger.confirm(entry.id(), event.transactionRef(), event.occurredAt(), now())) {
            LOG.info("payment confirmed: ledger_id={} user_id={} network={} tx_hash={}", entry.id(), entry.userId(), network, event.transactionRef());
            outbox.append(Outbox.PAYMENT_CONFIRMED, entry.id().toString(), payment(entry, Map.of("txHash", event.transactionRef())));
        }
        return Result.APPLIED;
    }

    private Result paymentFailed(String network, BillingEvent.PaymentFailed event) {
        Optional<LedgerEntry> found = ledger.findByReference(network, event.providerReference());
        if (found.isEmpty()) {
            return Result.DEFERRED;
        }
        failPayment(found.get(), event.code() + ": " + event.reason());
        return Result.APPLIED;
    }

    /**
     * Fails a pending payment, and the subscription it would have started; returns whether it was pending. Also used
     * when the provider refuses to start a checkout.
     */
    public boolean failPayment(LedgerEntry entry, String reason) {
        if (!ledger.fail(entry.id(), reason, now())) {
            return false;
        }
        paymentFailedEvent(entry, reason);
        if (entry.subscriptionId() != null) {
            subscriptions.find(entry.subscriptionId())
                    .filter(subscription -> subscription.status() == SubscriptionStatus.PENDING)
                    .ifPresent(subscription -> endSubscription(subscription, SubscriptionStatus.FAILED, "first payment failed: " + reason));
        }
        return true;
    }

    private Result paymentRefunded(String network, BillingEvent.PaymentRefunded event) {
        Optional<LedgerEntry> found = ledger.findByTransaction(network, event.paymentRef());
        if (found.isEmpty()) {
            return Result.DEFERRED;
        }
        LedgerEntry entry = found.get();
        if (entry.status() == LedgerStatus.PENDING) {
            // Not yet confirmed: the confirmation may still be on its way.
            return Result.DEFERRED;
        }
        recordRefund(entry, event.refundRef(), event.amount().minorUnits(), null, null);
        return Result.APPLIED;
    }

    /**
     * Records a refund once per provider refund reference (the webhook and the admin API both report it):
     * only the call that inserts the refund row moves the ledger and writes the outbox event.
     */
    public boolean recordRefund(LedgerEntry entry, String refundRef, BigInteger amount, String reason, String requestedBy) {
        int inserted = database.update("""
                INSERT INTO billing_refunds (network, refund_ref, ledger_id, amount, reason, requested_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", entry.network(), refundRef, entry.id(), amount, reason, requestedBy, now());
        if (inserted == 0 || !ledger.refund(entry.id(), amount, now())) {
            return false;
        }
        LOG.info("payment refunded: ledger_id={} network={} refund_ref={} amount={}", entry.id(), entry.network(), refundRef, amount);
        outbox.append(Outbox.PAYMENT_REFUNDED, entry.id().toString(), payment(entry, Map.of("refundRef", refundRef, "refundedAmount", amount.toString())));
        return true;
    }

    private Result subscriptionActivated(String network, BillingEvent.SubscriptionActivated event) {
        Optional<Subscription> found = ledger.findByReference(network, event.providerReference())
                .flatMap(entry -> entry.subscriptionId() == null ? Optional.empty() : subscriptions.find(entry.subscriptionId()));
        if (found.isEmpty()) {
            return Result.DEFERRED;
        }
        Subscription subscription = found.get();
        Instant nextChargeAt = event.nextChargeAt().orElseGet(() -> subscription.billingPeriod().nextChargeAt(event.occurredAt(), event.occurredAt()));
        if (subscriptions.activate(subscription.id(), event.subscriptionRef(), event.occurredAt(), nextChargeAt, now())) {
            LOG.info("subscription activated: subscription_id={} user_id={} network={} next_charge_at={}", subscription.id(), subscription.userId(), network, nextChargeAt);
            outbox.append(Outbox.SUBSCRIPTION_ACTIVATED, subscription.id().toString(), subscriptionPayload(subscription, Map.of("nextChargeAt", nextChargeAt.toString())));
        }
        return Result.APPLIED;
    }

    private Result subscriptionCharged(String network, BillingEvent.SubscriptionCharged event) {
        return withSubscription(network, event.subscriptionRef(), subscription -> {
            boolean recorded = recordRenewal(subscription, event.transactionRef(), event.amount().minorUnits(), event.occurredAt(),
                    event.nextChargeAt().orElse(null));
            if (!recorded && event.nextChargeAt().isPresent()
                    && subscriptions.correctNextCharge(subscription.id(), event.nextChargeAt().get(), now())) {
                // The worker recorded this renewal first; the provider's own next charge time still wins over an earlier one stored.
                LOG.info("next charge corrected from the provider's event: subscription_id={} network={} tx_hash={} next_charge_at={}",
                        subscription.id(), network, event.transactionRef(), event.nextChargeAt().get());
            }
            return Result.APPLIED;
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
     */
    public boolean recordRenewal(Subscription subscription, String transactionRef, BigInteger amount, Instant paidAt, Instant nextChargeAt) {
        Instant now = now();
        UUID ledgerId = UUID.nameUUIDFromBytes(("renewal\n" + subscription.network() + "\n" + subscription.id() + "\n" + transactionRef)
                .getBytes(StandardCharsets.UTF_8));
        if (ledger.bookedElsewhere(subscription.network(), subscription.id(), transactionRef, ledgerId)) {
            LOG.warn("renewal not booked: the provider answered with transaction {} that subscription {} already has a payment on (network {});"
                    + " following its next charge {}", transactionRef, subscription.id(), subscription.network(), nextChargeAt);
            if (nextChargeAt != null) {
                subscriptions.correctNextCharge(subscription.id(), nextChargeAt, now);
            }
            return false;
        }
        LedgerEntry renewal = new LedgerEntry(ledgerId, subscription.userId(), subscription.network(), subscription.chainId(), subscription.providerId(),
                LedgerEntry.SUBSCRIPTION_RENEWAL, subscription.planId().toString(), subscription.planId(), subscription.id(), subscription.token(),
                amount, BigInteger.ZERO, LedgerStatus.CONFIRMED, null, transactionRef, null, null, paidAt, now, now, 1);
        if (!ledger.insertIfAbsent(renewal)) {
            return false;
        }
        Instant periodStart = subscription.nextChargeAt() == null ? paidAt : subscription.nextChargeAt();
        Instant next = nextChargeAt != null ? nextChargeAt : subscription.billingPeriod().nextChargeAt(periodStart, paidAt);
        subscriptions.recordCharge(subscription.id(), periodStart, next, now);
        LOG.info("subscription charged: subscription_id={} network={} tx_hash={} next_charge_at={}", subscription.id(), subscription.network(), transactionRef, next);
        outbox.append(Outbox.SUBSCRIPTION_CHARGED, subscription.id().toString(),
                subscriptionPayload(subscription, Map.of("txHash", transactionRef, "amount", amount.toString(), "nextChargeAt", next.toString())));
        return true;
    }

    private Result subscriptionChargeFailed(String network, BillingEvent.SubscriptionChargeFailed event) {
        return withSubscription(network, event.subscriptionRef(), subscription -> {
            String reason = event.code() + ": " + event.reason();
            if (event.finalFailure()) {
                endSubscription(subscription, SubscriptionStatus.FAILED, reason);
            }
            else {
                subscriptions.recordNote(subscription.id(), "renewal failed: " + reason, now());
            }
            return Result.APPLIED;
        });
    }

    private Result withSubscription(String network, String subscriptionRef, java.util.function.Function<Subscription, Result> action) {
        return subscriptions.findByProviderRef(network, subscriptionRef).map(action).orElse(Result.DEFERRED);
    }

    /** Ends a subscription once; writes the matching outbox event. */
    public void endSubscription(Subscription subscription, SubscriptionStatus status, String reason) {
        if (subscriptions.end(subscription.id(), status, reason, now())) {
            String type = status == SubscriptionStatus.FAILED ? Outbox.SUBSCRIPTION_FAILED : Outbox.SUBSCRIPTION_CANCELLED;
            outbox.append(type, subscription.id().toString(), subscriptionPayload(subscription, reason == null ? Map.of() : Map.of("reason", reason)));
        }
    }

    private void paymentFailedEvent(LedgerEntry entry, String reason) {
        outbox.append(Outbox.PAYMENT_FAILED, entry.id().toString(), payment(entry, Map.of("reason", reason)));
    }

    private static Map<String, Object> payment(LedgerEntry entry, Map<String, String> extra) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("ledgerId", entry.id().toString());
        payload.put("userId", entry.userId());
        payload.put("network", entry.network());
        payload.put("productType", entry.productType());
        payload.put("productId", entry.productId());
        payload.put("token", entry.token());
        payload.put("amount", entry.amount().toString());
        payload.putAll(extra);
        return payload;
    }

    private static Map<String, Object> subscriptionPayload(Subscription subscription, Map<String, String> extra) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("subscriptionId", subscription.id().toString());
        payload.put("userId", subscription.userId());
        payload.put("planId", subscription.planId().toString());
        payload.put("network", subscription.network());
        payload.putAll(extra);
        return payload;
    }

    private Instant now() {
        return clock.instant();
    }
}

package io.billinggateway.gateway.webhook;

import io.billinggateway.gateway.ledger.LedgerEntry;
import io.billinggateway.gateway.ledger.LedgerRepository;
import io.billinggateway.gateway.ledger.LedgerStatus;
import io.billinggateway.gateway.billing.Cause;
import io.billinggateway.gateway.billing.Payments;
import io.billinggateway.gateway.billing.Subscriptions;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.subscription.Subscription;
import io.billinggateway.gateway.subscription.SubscriptionRepository;
import io.billinggateway.gateway.subscription.SubscriptionStatus;
import io.billinggateway.spi.BillingEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Translates one provider event into the billing domain's transitions ({@link Payments}, {@link Subscriptions}), in the
 * caller's transaction, with the event's id as the cause in the status history. Each transition checks the state it
 * starts from, so a late or repeated event changes nothing it should not. An event that refers to something not yet known (a renewal of a subscription whose
 * activation has not arrived) is {@link Result#DEFERRED} and applied again when more events arrive.
 */
@Singleton
public final class EventApplier {
    private static final Logger LOG = LoggerFactory.getLogger(EventApplier.class);

    private final Database database;
    private final LedgerRepository ledger;
    private final SubscriptionRepository subscriptionReads;
    private final Payments payments;
    private final Subscriptions subscriptions;
    private final Clock clock;

    EventApplier(Database database, LedgerRepository ledger, SubscriptionRepository subscriptionReads, Payments payments, Subscriptions subscriptions,
                 Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.subscriptionReads = requireNonNull(subscriptionReads, "subscriptionReads is null");
        this.payments = requireNonNull(payments, "payments is null");
        this.subscriptions = requireNonNull(subscriptions, "subscriptions is null");
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
                subscriptions.note(subscription.id(), "renewal skipped: " + skipped.reason());
                return Result.APPLIED;
            });
            case BillingEvent.SubscriptionChargeFailed failed -> subscriptionChargeFailed(network, failed);
            case BillingEvent.SubscriptionCancelled cancelled -> withSubscription(network, cancelled.subscriptionRef(), subscription -> {
                subscriptions.end(subscription, SubscriptionStatus.CANCELLED, null, Cause.providerEvent(cancelled.eventId()));
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
        Cause cause = Cause.providerEvent(event.eventId());
        if (!entry.token().equals(event.amount().asset()) || !entry.amount().equals(event.amount().minorUnits())) {
            String reason = "paid " + event.amount() + " but " + entry.amount() + " " + entry.token() + " was due";
            LOG.error("payment amount mismatch: ledger_id={} network={} tx_hash={}: {}", entry.id(), network, event.transactionRef(), reason);
            payments.failWrongAmount(entry, reason, cause);
            return Result.APPLIED;
        }
        payments.confirm(entry, event.transactionRef(), event.occurredAt(), cause);
        return Result.APPLIED;
    }

    private Result paymentFailed(String network, BillingEvent.PaymentFailed event) {
        Optional<LedgerEntry> found = ledger.findByReference(network, event.providerReference());
        if (found.isEmpty()) {
            return Result.DEFERRED;
        }
        payments.fail(found.get(), event.code() + ": " + event.reason(), Cause.providerEvent(event.eventId()));
        return Result.APPLIED;
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
        payments.refund(entry, event.refundRef(), event.amount().minorUnits(), null, null, Cause.providerEvent(event.eventId()));
        return Result.APPLIED;
    }

    private Result subscriptionActivated(String network, BillingEvent.SubscriptionActivated event) {
        Optional<Subscription> found = ledger.findByReference(network, event.providerReference())
                .flatMap(entry -> entry.subscriptionId() == null ? Optional.empty() : subscriptionReads.find(entry.subscriptionId()));
        if (found.isEmpty()) {
            return Result.DEFERRED;
        }
        Subscription subscription = found.get();
        Instant nextChargeAt = event.nextChargeAt().orElseGet(() -> subscription.billingPeriod().nextChargeAt(event.occurredAt(), event.occurredAt()));
        subscriptions.activate(subscription, event.subscriptionRef(), event.occurredAt(), nextChargeAt, Cause.providerEvent(event.eventId()));
        return Result.APPLIED;
    }

    private Result subscriptionCharged(String network, BillingEvent.SubscriptionCharged event) {
        return withSubscription(network, event.subscriptionRef(), subscription -> {
            boolean recorded = subscriptions.renew(subscription, event.transactionRef(), event.amount().minorUnits(), event.occurredAt(),
                    event.nextChargeAt().orElse(null), Cause.providerEvent(event.eventId()));
            if (!recorded && event.nextChargeAt().isPresent() && subscriptions.followNextCharge(subscription.id(), event.nextChargeAt().get())) {
                // The worker recorded this renewal first; the provider's own next charge time still wins over an earlier one stored.
                LOG.info("next charge corrected from the provider's event: subscription_id={} network={} tx_hash={} next_charge_at={}",
                        subscription.id(), network, event.transactionRef(), event.nextChargeAt().get());
            }
            return Result.APPLIED;
        });
    }

    private Result subscriptionChargeFailed(String network, BillingEvent.SubscriptionChargeFailed event) {
        return withSubscription(network, event.subscriptionRef(), subscription -> {
            String reason = event.code() + ": " + event.reason();
            if (event.finalFailure()) {
                subscriptions.end(subscription, SubscriptionStatus.FAILED, reason, Cause.providerEvent(event.eventId()));
            }
            else {
                subscriptions.note(subscription.id(), "renewal failed: " + reason);
            }
            return Result.APPLIED;
        });
    }

    private Result withSubscription(String network, String subscriptionRef, java.util.function.Function<Subscription, Result> action) {
        return subscriptionReads.findByProviderRef(network, subscriptionRef).map(action).orElse(Result.DEFERRED);
    }

    private Instant now() {
        return clock.instant();
    }
}

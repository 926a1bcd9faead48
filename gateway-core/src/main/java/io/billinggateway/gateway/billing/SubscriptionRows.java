package io.billinggateway.gateway.billing;

import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.plan.BillingPeriod;
import io.billinggateway.gateway.subscription.Subscription;
import io.billinggateway.gateway.subscription.SubscriptionRepository;
import io.billinggateway.gateway.subscription.SubscriptionStatus;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The writes of {@code billing_subscription_state}, each with the SQL guard on the state it starts from; only
 * {@link Subscriptions} and {@link Payments} call them, in the caller's transaction.
 */
@Singleton
final class SubscriptionRows {
    private final Database database;

    SubscriptionRows(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /** The row, locked until the transaction ends, so the transition's "from" is the state it really moves from. */
    Optional<Subscription> lock(UUID id) {
        return database.queryOne("SELECT * FROM billing_subscription_state WHERE id = ? FOR UPDATE", SubscriptionRepository::subscription, id);
    }

    boolean insertIfAbsent(Subscription subscription) {
        return database.update("""
                INSERT INTO billing_subscription_state (id, user_id, plan_id, terms_version, network, chain_id, provider_id, provider_subscription_ref,
                       checkout_ledger_id, token, amount, billing_period_seconds, billing_period_months, status, current_period_start, next_charge_at, retry_at,
                       failure_count, last_error, cancel_requested_at, cancelled_at, created_at, updated_at, row_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""",
                subscription.id(), subscription.userId(), subscription.planId(), subscription.termsVersion(), subscription.network(), subscription.chainId(),
                subscription.providerId(), subscription.providerSubscriptionRef(), subscription.checkoutLedgerId(), subscription.token(), subscription.amount(),
                BillingPeriod.secondsColumn(Optional.of(subscription.billingPeriod())), BillingPeriod.monthsColumn(Optional.of(subscription.billingPeriod())),
                subscription.status().value(), subscription.currentPeriodStart(), subscription.nextChargeAt(),
                subscription.retryAt(), subscription.failureCount(), subscription.lastError(), subscription.cancelRequestedAt(), subscription.cancelledAt(),
                subscription.createdAt(), subscription.updatedAt(), subscription.rowVersion()) == 1;
    }

    /** pending becomes active with the provider's reference and the first period. */
    boolean activate(UUID id, String providerSubscriptionRef, Instant periodStart, Instant nextChargeAt, Instant now) {
        return database.update("""
                UPDATE billing_subscription_state SET status = 'active', provider_subscription_ref = ?, current_period_start = ?, next_charge_at = ?,
                       updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status = 'pending'""", providerSubscriptionRef, periodStart, nextChargeAt, now, id) == 1;
    }

    /** A period was paid: the subscription is active again and its next charge is due at {@code nextChargeAt}. */
    boolean recordCharge(UUID id, Instant periodStart, Instant nextChargeAt, Instant now) {
        return database.update("""
                UPDATE billing_subscription_state SET status = 'active', current_period_start = ?, next_charge_at = ?, retry_at = NULL, failure_count = 0,
                       last_error = NULL, updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status IN ('active', 'past_due') AND (next_charge_at IS NULL OR next_charge_at < ?)""",
                periodStart, nextChargeAt, now, id, nextChargeAt) == 1;
    }

    /**
     * Moves the next charge forward to the provider's {@code nextChargeAt} of a renewal already recorded; never back, so
     * an older renewal's event that arrives late changes nothing.
     */
    boolean correctNextCharge(UUID id, Instant nextChargeAt, Instant now) {
        return database.update("""
                UPDATE billing_subscription_state SET next_charge_at = ?, updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status = 'active' AND next_charge_at < ?""", nextChargeAt, now, id, nextChargeAt) == 1;
    }

    /** A renewal failed and will be retried at {@code retryAt}. */
    boolean recordRetryableFailure(UUID id, String error, Instant retryAt, Instant now) {
        return database.update("""
                UPDATE billing_subscription_state SET status = 'past_due', failure_count = failure_count + 1, last_error = ?, retry_at = ?,
                       updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status IN ('active', 'past_due')""", error, retryAt, now, id) == 1;
    }

    boolean recordNote(UUID id, String note, Instant now) {
        return database.update("UPDATE billing_subscription_state SET last_error = ?, updated_at = ?, row_version = row_version + 1 WHERE id = ?",
                note, now, id) == 1;
    }

    /** Ends the subscription; an ended subscription stays as it is. */
    boolean end(UUID id, SubscriptionStatus status, String reason, Instant now) {
        return database.update("""
                UPDATE billing_subscription_state SET status = ?, last_error = COALESCE(?, last_error), cancelled_at = ?, next_charge_at = NULL, retry_at = NULL,
                       updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status NOT IN ('cancelled', 'failed')""", status.value(), reason, now, now, id) == 1;
    }

    boolean requestCancel(UUID id, Instant now) {
        return database.update("""
                UPDATE billing_subscription_state SET cancel_requested_at = ?, updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status NOT IN ('cancelled', 'failed')""", now, now, id) == 1;
    }

    /** A past-due subscription's retry is due now: the charge lanes pick it up on their next round. Returns whether it was past due. */
    boolean retryNow(UUID id, Instant now) {
        return database.update("""
                UPDATE billing_subscription_state SET retry_at = ?, updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status = 'past_due'""", now, now, id) == 1;
    }

    /** Sets the time the subscription ends without renewing again; only while it is active or past due. */
    boolean scheduleCancel(UUID id, Instant cancelAt, Instant now) {
        return database.update("""
                UPDATE billing_subscription_state SET cancel_at = ?, updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status IN ('active', 'past_due')""", cancelAt, now, id) == 1;
    }

    /** Subscriptions of a network whose scheduled end has come and that have not ended yet, at most {@code limit}. */
    java.util.List<Subscription> cancellationsDue(String network, Instant now, int limit) {
        return database.query("""
                SELECT * FROM billing_subscription_state WHERE network = ? AND cancel_at <= ? AND status IN ('active', 'past_due')
                ORDER BY cancel_at, id LIMIT ?""", SubscriptionRepository::subscription, network, now, limit);
    }
}

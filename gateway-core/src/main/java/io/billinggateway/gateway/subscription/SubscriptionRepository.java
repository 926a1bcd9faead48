package io.billinggateway.gateway.subscription;

import io.billinggateway.gateway.plan.BillingPeriod;

import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.persistence.KeysetQuery;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Subscription rows. Every method runs in the caller's transaction; transitions check the state they start from. */
@Singleton
public final class SubscriptionRepository {
    private final Database database;

    public SubscriptionRepository(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    public boolean insertIfAbsent(Subscription subscription) {
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

    public Optional<Subscription> find(UUID id) {
        return database.queryOne("SELECT * FROM billing_subscription_state WHERE id = ?", SubscriptionRepository::subscription, id);
    }

    public Optional<Subscription> findByCheckout(UUID checkoutLedgerId) {
        return database.queryOne("SELECT * FROM billing_subscription_state WHERE checkout_ledger_id = ?", SubscriptionRepository::subscription, checkoutLedgerId);
    }

    public Optional<Subscription> findByProviderRef(String network, String providerSubscriptionRef) {
        return database.queryOne("SELECT * FROM billing_subscription_state WHERE network = ? AND provider_subscription_ref = ?",
                SubscriptionRepository::subscription, network, providerSubscriptionRef);
    }

    public List<Subscription> forUser(String userId) {
        return database.query("SELECT * FROM billing_subscription_state WHERE user_id = ? ORDER BY created_at DESC, id", SubscriptionRepository::subscription, userId);
    }

    /**
     * One page of a staff search: at most {@code search.limit()} subscriptions in the search's order, after its position.
     * Every value is a bind parameter; the column names come from {@link SubscriptionSearch.Sort} only.
     */
    public List<Subscription> search(SubscriptionSearch search) {
        KeysetQuery query = new KeysetQuery("billing_subscription_state")
                .in("status", search.statuses().stream().map(SubscriptionStatus::value).toList())
                .where("network = ?", search.network())
                .where("plan_id = ?", search.planId())
                .where("user_id = ?", search.userId())
                .where("next_charge_at >= ?", search.nextChargeFrom())
                .where("next_charge_at < ?", search.nextChargeTo());
        if (search.sort() == SubscriptionSearch.Sort.NEXT_CHARGE) {
            query.notNull("next_charge_at");
        }
        SubscriptionSearch.Position after = search.after();
        return query.page(database, SubscriptionRepository::subscription, search.sort().column(), search.descending(),
                after == null ? null : after.value(), after == null ? null : after.id(), search.limit());
    }

    /** pending becomes active with the provider's reference and the first period. */
    public boolean activate(UUID id, String providerSubscriptionRef, Instant periodStart, Instant nextChargeAt, Instant now) {
        return database.update("""
                UPDATE billing_subscription_state SET status = 'active', provider_subscription_ref = ?, current_period_start = ?, next_charge_at = ?,
                       updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status = 'pending'""", providerSubscriptionRef, periodStart, nextChargeAt, now, id) == 1;
    }

    /** A period was paid: the subscription is active again and its next charge is due at {@code nextChargeAt}. */
    public boolean recordCharge(UUID id, Instant periodStart, Instant nextChargeAt, Instant now) {
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
    public boolean correctNextCharge(UUID id, Instant nextChargeAt, Instant now) {
        return database.update("""
                UPDATE billing_subscription_state SET next_charge_at = ?, updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status = 'active' AND next_charge_at < ?""", nextChargeAt, now, id, nextChargeAt) == 1;
    }

    /** A renewal failed and will be retried at {@code retryAt}. */
    public boolean recordRetryableFailure(UUID id, String error, Instant retryAt, Instant now) {
        return database.update("""
                UPDATE billing_subscription_state SET status = 'past_due', failure_count = failure_count + 1, last_error = ?, retry_at = ?,
                       updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status IN ('active', 'past_due')""", error, retryAt, now, id) == 1;
    }

    public boolean recordNote(UUID id, String note, Instant now) {
        return database.update("UPDATE billing_subscription_state SET last_error = ?, updated_at = ?, row_version = row_version + 1 WHERE id = ?",
                note, now, id) == 1;
    }

    /** Ends the subscription; an ended subscription stays as it is. */
    public boolean end(UUID id, SubscriptionStatus status, String reason, Instant now) {
        return database.update("""
                UPDATE billing_subscription_state SET status = ?, last_error = COALESCE(?, last_error), cancelled_at = ?, next_charge_at = NULL, retry_at = NULL,
                       updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status NOT IN ('cancelled', 'failed')""", status.value(), reason, now, now, id) == 1;
    }

    public boolean requestCancel(UUID id, Instant now) {
        return database.update("""
                UPDATE billing_subscription_state SET cancel_requested_at = ?, updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status NOT IN ('cancelled', 'failed')""", now, now, id) == 1;
    }

    public static Subscription subscription(ResultSet row) throws SQLException {
        return new Subscription(Database.uuid(row, "id"), row.getString("user_id"), Database.uuid(row, "plan_id"), row.getLong("terms_version"),
                row.getString("network"), row.getString("chain_id"), row.getString("provider_id"), row.getString("provider_subscription_ref"),
                Database.uuid(row, "checkout_ledger_id"), row.getString("token"), Database.integer(row, "amount"),
                BillingPeriod.fromColumns(Database.nullableLong(row, "billing_period_seconds"), Database.nullableLong(row, "billing_period_months"))
                        .orElseThrow(() -> new IllegalStateException("a subscription row has neither billing_period_seconds nor billing_period_months")),
                SubscriptionStatus.of(row.getString("status")),
                Database.instant(row, "current_period_start"), Database.instant(row, "next_charge_at"), Database.instant(row, "retry_at"),
                row.getInt("failure_count"), row.getString("last_error"), Database.instant(row, "cancel_requested_at"), Database.instant(row, "cancelled_at"),
                Database.instant(row, "created_at"), Database.instant(row, "updated_at"), row.getLong("row_version"));
    }
}

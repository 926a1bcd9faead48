package io.billinggateway.gateway.charge;

import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.subscription.Subscription;
import io.billinggateway.gateway.subscription.SubscriptionRepository;
import jakarta.inject.Singleton;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The database side of a network's queue: which subscriptions are due, claiming them with a lease, and the
 * charge attempt log. A subscription is due when it is {@code active} and its {@code next_charge_at} has come,
 * or {@code past_due} and its {@code retry_at} has come, no cancellation is pending, and no live lease holds it.
 */
@Singleton
public final class ChargeQueue {
    private static final String DUE = """
            network = ? AND cancel_requested_at IS NULL
            AND ((status = 'active' AND next_charge_at <= ?) OR (status = 'past_due' AND retry_at <= ?))
            AND (lease_expires_at IS NULL OR lease_expires_at < ?)""";

    private final Database database;

    public ChargeQueue(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /**
     * Claims up to {@code limit} due subscriptions for {@code workerId} until {@code leaseUntil}. Rows locked by
     * another worker's claim in progress are skipped, never waited for; the claim commits before any charge.
     */
    public List<Subscription> claim(String network, String workerId, int limit, Instant now, Instant leaseUntil) {
        return database.inTransaction(connection -> {
            List<UUID> ids = database.query("SELECT id FROM billing_subscription_state WHERE " + DUE
                            + " ORDER BY COALESCE(retry_at, next_charge_at), id LIMIT ? FOR UPDATE SKIP LOCKED",
                    row -> Database.uuid(row, "id"), network, now, now, now, limit);
            List<Subscription> claimed = new ArrayList<>();
            for (UUID id : ids) {
                database.update("UPDATE billing_subscription_state SET claimed_by = ?, lease_expires_at = ?, row_version = row_version + 1 WHERE id = ?",
                        workerId, leaseUntil, id);
                database.queryOne("SELECT * FROM billing_subscription_state WHERE id = ?", SubscriptionRepository::subscription, id).ifPresent(claimed::add);
            }
            return claimed;
        });
    }

    /** The due subscriptions without claiming them (dry runs and the dues listing). */
    public List<Subscription> due(String network, int limit, Instant now) {
        return database.inTransaction(connection -> database.query("SELECT * FROM billing_subscription_state WHERE " + DUE
                + " ORDER BY COALESCE(retry_at, next_charge_at), id LIMIT ?", SubscriptionRepository::subscription, network, now, now, now, limit));
    }

    /** How many are due now, and since when the oldest one is due. */
    public record Depth(long due, Optional<Instant> oldestDueAt) {
    }

    public Depth depth(String network, Instant now) {
        return database.inTransaction(connection -> database.queryOne(
                "SELECT COUNT(*) AS due, MIN(COALESCE(retry_at, next_charge_at)) AS oldest FROM billing_subscription_state WHERE " + DUE,
                row -> new Depth(row.getLong("due"), Optional.ofNullable(Database.instant(row, "oldest"))), network, now, now, now).orElseThrow());
    }

    /** Ends a claim early (the outcome is recorded); in the caller's transaction. */
    public void release(UUID subscriptionId, String workerId) {
        database.update("UPDATE billing_subscription_state SET claimed_by = NULL, lease_expires_at = NULL WHERE id = ? AND claimed_by = ?", subscriptionId, workerId);
    }

    /** Keeps a claim until {@code until} (a pending transaction whose fate is not known yet); in the caller's transaction. */
    public void extend(UUID subscriptionId, String workerId, Instant until) {
        database.update("UPDATE billing_subscription_state SET lease_expires_at = ? WHERE id = ? AND claimed_by = ?", until, subscriptionId, workerId);
    }

    /** One row of {@code billing_charge_attempt}; in the caller's transaction. */
    public void recordAttempt(Subscription subscription, Instant periodStart, String outcome, String outcomeCode, String txHash, BigInteger gasUsed,
                              BigInteger fee, String message, String workerId, Instant now) {
        database.update("""
                INSERT INTO billing_charge_attempt (id, subscription_id, network, chain_id, period_start, outcome, outcome_code, tx_hash, gas_used, payment_token,
                       amount, fee, message, worker_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                UUID.randomUUID(), subscription.id(), subscription.network(), subscription.chainId(), periodStart, outcome, outcomeCode, txHash, gasUsed,
                subscription.token(), subscription.amount(), fee, message, workerId, now);
    }
}

package io.billinggateway.gateway.charge;

import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.subscription.Subscription;
import io.billinggateway.gateway.subscription.SubscriptionRepository;
import jakarta.inject.Singleton;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The database side of a network's queue: which subscriptions are due, claiming them with a lease, and the
 * charge attempt log. A subscription is due when it is {@code active} and its {@code next_charge_at} has come,
 * or {@code past_due} and its {@code retry_at} has come, no cancellation request younger than the network's
 * {@code charge-cancel-request-expiry} is waiting for the provider's confirmation, its plan is {@code ACTIVE} (a
 * frozen or inactive plan renews nobody, whatever terms version they are on, and costs no provider call), and no
 * live lease holds it.
 *
 * <p>A claim is a token in {@code claimed_by}, unique per claimed batch, with {@code lease_expires_at}. Leases are set
 * and compared with the database's clock ({@code CURRENT_TIMESTAMP}), never a process's own, so processes whose clocks
 * disagree still agree on when a lease has expired. Due dates are the process's clock, as the providers' are. An outcome
 * moves the subscription only while no other batch holds a live claim and the subscription is as its batch found
 * it ({@link #lockUnchanged}); otherwise the worker records its attempt and any money that moved, nothing else. A {@code failed} subscription that still
 * carries a claim is owed its provider's final-failure call (see {@link #claimFinalFailuresOwed}).
 */
@Singleton
public final class ChargeQueue {
    private static final String DUE = """
            network = ? AND (cancel_requested_at IS NULL OR cancel_requested_at <= ?) AND cancel_at IS NULL
            AND ((status = 'active' AND next_charge_at <= ?) OR (status = 'past_due' AND retry_at <= ?))
            AND plan_id IN (SELECT id FROM billing_plans WHERE status = 'ACTIVE')
            AND (lease_expires_at IS NULL OR lease_expires_at < CURRENT_TIMESTAMP)""";
    private static final String ORDER = " ORDER BY COALESCE(retry_at, next_charge_at), id";

    private final Database database;

    public ChargeQueue(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /**
     * Claims up to {@code limit} due subscriptions under {@code claimToken} for {@code lease} by the database's clock, in
     * its own transaction that commits before any charge. Rows locked by another worker's claim in progress are
     * skipped, never waited for.
     */
    public List<Subscription> claim(String network, String claimToken, int limit, Instant now, Duration lease, Duration cancelRequestExpiry) {
        return database.inTransaction(connection -> {
            List<UUID> ids = database.query("SELECT id FROM billing_subscription_state WHERE " + DUE + ORDER + " LIMIT ? FOR UPDATE SKIP LOCKED",
                    row -> Database.uuid(row, "id"), network, now.minus(cancelRequestExpiry), now, now, limit);
            return take(ids, claimToken, lease);
        });
    }

    /**
     * Claims {@code failed} subscriptions whose final-failure call to the provider is still owed (the worker that
     * ended them crashed or the call failed) and whose lease has expired.
     */
    public List<Subscription> claimFinalFailuresOwed(String network, String claimToken, int limit, Duration lease) {
        return database.inTransaction(connection -> {
            List<UUID> ids = database.query("""
                            SELECT id FROM billing_subscription_state
                            WHERE network = ? AND status = 'failed' AND claimed_by IS NOT NULL AND lease_expires_at < CURRENT_TIMESTAMP
                            ORDER BY lease_expires_at, id LIMIT ? FOR UPDATE SKIP LOCKED""",
                    row -> Database.uuid(row, "id"), network, limit);
            return take(ids, claimToken, lease);
        });
    }

    /** The database's clock, which leases are set and compared with; in the caller's transaction, if any. */
    public Instant databaseNow() {
        return database.queryOne("SELECT CURRENT_TIMESTAMP AS database_now", row -> Database.instant(row, "database_now")).orElseThrow();
    }

    private List<Subscription> take(List<UUID> ids, String claimToken, Duration lease) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Object[] parameters = new Object[ids.size() + 2];
        parameters[0] = claimToken;
        parameters[1] = databaseNow().plus(lease);
        for (int index = 0; index < ids.size(); index++) {
            parameters[index + 2] = ids.get(index);
        }
        database.update("UPDATE billing_subscription_state SET claimed_by = ?, lease_expires_at = ?, row_version = row_version + 1 WHERE id IN ("
                + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")", parameters);
        return database.query("SELECT * FROM billing_subscription_state WHERE claimed_by = ?" + ORDER, SubscriptionRepository::subscription, claimToken);
    }

    /** The due subscriptions without claiming them (dry runs and the dues listing). */
    public List<Subscription> due(String network, int limit, Instant now, Duration cancelRequestExpiry) {
        return database.inTransaction(connection -> database.query("SELECT * FROM billing_subscription_state WHERE " + DUE + ORDER + " LIMIT ?",
                SubscriptionRepository::subscription, network, now.minus(cancelRequestExpiry), now, now, limit));
    }

    /** How many are due now, and since when the oldest one is due. */
    public record Depth(long due, Optional<Instant> oldestDueAt) {
    }

    public Depth depth(String network, Instant now, Duration cancelRequestExpiry) {
        return database.inTransaction(connection -> database.queryOne(
                "SELECT COUNT(*) AS due, MIN(COALESCE(retry_at, next_charge_at)) AS oldest FROM billing_subscription_state WHERE " + DUE,
                row -> new Depth(row.getLong("due"), Optional.ofNullable(Database.instant(row, "oldest"))), network, now.minus(cancelRequestExpiry), now, now)
                .orElseThrow());
    }

    /**
     * Locks the subscription's row until the caller's transaction ends and tells whether an outcome of the batch
     * that claimed {@code claimed} under {@code claimToken} may still move it: no other batch holds a live claim on
     * it, and it is as the batch found it (same status, period and failure count), so nobody, another worker or a
     * webhook, has recorded anything for it since. Serialises the recording with other workers and with webhooks.
     */
    public boolean lockUnchanged(Subscription claimed, String claimToken) {
        return database.queryOne("""
                        SELECT claimed_by, lease_expires_at, status, next_charge_at, failure_count, CURRENT_TIMESTAMP AS database_now
                        FROM billing_subscription_state WHERE id = ? FOR UPDATE""",
                row -> {
                    String claimedBy = row.getString("claimed_by");
                    Instant leaseExpiresAt = Database.instant(row, "lease_expires_at");
                    boolean claimFree = claimToken.equals(claimedBy) || claimedBy == null || leaseExpiresAt == null
                            || leaseExpiresAt.isBefore(Database.instant(row, "database_now"));
                    return claimFree
                            && claimed.status().value().equals(row.getString("status"))
                            && Objects.equals(claimed.nextChargeAt(), Database.instant(row, "next_charge_at"))
                            && claimed.failureCount() == row.getInt("failure_count");
                }, claimed.id()).orElse(false);
    }

    /** Ends a claim (the outcome is recorded); in the caller's transaction. */
    public void release(UUID subscriptionId, String claimToken) {
        database.update("UPDATE billing_subscription_state SET claimed_by = NULL, lease_expires_at = NULL WHERE id = ? AND claimed_by = ?", subscriptionId, claimToken);
    }

    /** Keeps a claim for another {@code lease} from now by the database's clock; in the caller's transaction. */
    public void extend(UUID subscriptionId, String claimToken, Duration lease) {
        database.update("UPDATE billing_subscription_state SET lease_expires_at = ? WHERE id = ? AND claimed_by = ?", databaseNow().plus(lease), subscriptionId, claimToken);
    }

    /** One row of {@code billing_charge_attempt}; in the caller's transaction. */
    public void recordAttempt(Subscription subscription, Instant periodStart, String outcome, String outcomeCode, String txHash, BigInteger gasUsed,
                              BigInteger fee, String message, String workerId, Instant now) {
        database.update("""
                INSERT INTO billing_charge_attempt (id, subscription_id, network, chain_id, period_start, outcome, outcome_code, tx_hash, gas_used, payment_token,
                       amount, fee, message, worker_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                UUID.randomUUID(), subscription.id(), subscription.network(), subscription.chainId(), periodStart, outcome, outcomeCode, txHash, gasUsed,
                subscription.token(), subscription.amount(), fee, truncate(message), workerId, now);
    }

    private static String truncate(String message) {
        return message == null || message.length() <= 2000 ? message : message.substring(0, 1997) + "...";
    }
}

package io.billinggateway.gateway.overview;

import io.billinggateway.gateway.ledger.LedgerEntry;
import io.billinggateway.gateway.ledger.LedgerRepository;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.subscription.Subscription;
import io.billinggateway.gateway.subscription.SubscriptionRepository;
import jakarta.inject.Singleton;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * What support reads about one user (seed 004 §5.3: a user says a payment was refused): payments, subscriptions,
 * totals per asset, and the payments stuck in {@code pending} (seed 004 §5.2). Every method runs in the caller's transaction.
 */
@Singleton
final class UserActivity {
    /** Most subscriptions shown for one user; a user has a handful, the bound keeps a scripted account from flooding the page. */
    static final int MAX_SUBSCRIPTIONS = 200;

    private final Database database;
    private final LedgerRepository ledger;
    private final SubscriptionRepository subscriptions;

    UserActivity(Database database, LedgerRepository ledger, SubscriptionRepository subscriptions) {
        this.database = requireNonNull(database, "database is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.subscriptions = requireNonNull(subscriptions, "subscriptions is null");
    }

    /** The user's payments of one asset and status: how many and how much. */
    record PaymentTotal(Asset asset, String status, long payments, BigInteger amount, BigInteger refunded) {
    }

    /** A payment left {@code pending}, with the time it was created. */
    record StuckPayment(UUID id, String userId, String network, String chainId, String providerId, String productType, UUID planId,
                        UUID subscriptionId, String token, BigInteger amount, String providerReference, String txHash, Instant createdAt) {
    }

    /** The user's most recent payments, newest first. */
    List<LedgerEntry> payments(String userId, int limit) {
        return ledger.forUser(userId, limit);
    }

    /** The user's most recent subscriptions, newest first, at most {@link #MAX_SUBSCRIPTIONS}. */
    List<Subscription> subscriptions(String userId) {
        List<Subscription> all = subscriptions.forUser(userId);
        return all.subList(0, Math.min(all.size(), MAX_SUBSCRIPTIONS));
    }

    List<PaymentTotal> paymentTotals(String userId) {
        return database.query("""
                SELECT network, token, status, COUNT(*) AS payments, SUM(amount) AS amount, SUM(refunded_amount) AS refunded
                FROM payment_transactions WHERE user_id = ? GROUP BY network, token, status ORDER BY network, token, status""",
                row -> new PaymentTotal(new Asset(row.getString("network"), row.getString("token")), row.getString("status"), row.getLong("payments"),
                        Database.integer(row, "amount"), Database.integer(row, "refunded")),
                userId);
    }

    /** The user's last payment that failed, if any. */
    Optional<LedgerEntry> lastFailure(String userId) {
        return database.query("SELECT id FROM payment_transactions WHERE user_id = ? AND status = 'failed' ORDER BY created_at DESC, id LIMIT 1",
                row -> Database.uuid(row, "id"), userId).stream().findFirst().flatMap(ledger::find);
    }

    /** Payments {@code pending} since before {@code createdBefore}, oldest first; {@code network} null for every network. */
    List<StuckPayment> pendingSince(Instant createdBefore, String network, int limit) {
        return database.query("""
                SELECT id, user_id, network, chain_id, provider_id, product_type, plan_id, subscription_id, token, amount, provider_reference, tx_hash, created_at
                FROM payment_transactions WHERE status = 'pending' AND created_at < ? AND (CAST(? AS VARCHAR(32)) IS NULL OR network = ?)
                ORDER BY created_at, id LIMIT ?""",
                row -> new StuckPayment(Database.uuid(row, "id"), row.getString("user_id"), row.getString("network"), row.getString("chain_id"),
                        row.getString("provider_id"), row.getString("product_type"), Database.uuid(row, "plan_id"), Database.uuid(row, "subscription_id"),
                        row.getString("token"), Database.integer(row, "amount"), row.getString("provider_reference"), row.getString("tx_hash"),
                        Database.instant(row, "created_at")),
                createdBefore, network, network, limit);
    }

    /** How many payments {@code pendingSince} would list without a limit. */
    long countPendingSince(Instant createdBefore, String network) {
        return database.queryOne("""
                SELECT COUNT(*) AS stuck FROM payment_transactions
                WHERE status = 'pending' AND created_at < ? AND (CAST(? AS VARCHAR(32)) IS NULL OR network = ?)""",
                row -> row.getLong("stuck"), createdBefore, network, network).orElse(0L);
    }
}

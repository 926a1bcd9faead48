package io.billinggateway.gateway.staff;

import io.billinggateway.gateway.persistence.Database;
import jakarta.inject.Singleton;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** What the staff detail pages read besides the ledger row; every method runs in the caller's transaction. */
@Singleton
final class StaffReads {
    /** Most refunds shown with a payment; a payment has a handful at most, the bound keeps a broken provider from flooding the page. */
    static final int MAX_REFUNDS = 200;

    private final Database database;

    StaffReads(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /** One refund of {@code billing_refunds}; {@code requestedBy} is null for a refund the provider reported by webhook. */
    record Refund(String refundRef, BigInteger amount, String reason, String requestedBy, Instant createdAt) {
    }

    /** Most charge attempts shown with a subscription, newest first. */
    static final int MAX_ATTEMPTS = 100;

    /** One row of {@code billing_charge_attempt}. */
    record ChargeAttempt(UUID id, Instant periodStart, String outcome, String outcomeCode, String txHash, BigInteger gasUsed, String token,
                         BigInteger amount, BigInteger fee, String message, String workerId, Instant createdAt) {
    }

    /** The subscription's most recent charge attempts, newest first, at most {@link #MAX_ATTEMPTS}. */
    List<ChargeAttempt> chargeAttempts(UUID subscriptionId) {
        return database.query("SELECT * FROM billing_charge_attempt WHERE subscription_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                row -> new ChargeAttempt(Database.uuid(row, "id"), Database.instant(row, "period_start"), row.getString("outcome"),
                        row.getString("outcome_code"), row.getString("tx_hash"), Database.integer(row, "gas_used"), row.getString("payment_token"),
                        Database.integer(row, "amount"), Database.integer(row, "fee"), row.getString("message"), row.getString("worker_id"),
                        Database.instant(row, "created_at")),
                subscriptionId, MAX_ATTEMPTS);
    }

    /** The payment's refunds, oldest first. */
    List<Refund> refunds(UUID paymentId) {
        return database.query("""
                SELECT refund_ref, amount, reason, requested_by, created_at FROM billing_refunds WHERE ledger_id = ?
                ORDER BY created_at, refund_ref LIMIT ?""",
                row -> new Refund(row.getString("refund_ref"), Database.integer(row, "amount"), row.getString("reason"), row.getString("requested_by"),
                        Database.instant(row, "created_at")),
                paymentId, MAX_REFUNDS);
    }

    /** The fee the network reported for the charge that made this renewal payment (its charge attempt with the same transaction). */
    Optional<BigInteger> renewalFee(UUID subscriptionId, String txHash) {
        if (subscriptionId == null || txHash == null) {
            return Optional.empty();
        }
        return database.query("""
                SELECT fee FROM billing_charge_attempt WHERE subscription_id = ? AND tx_hash = ? AND outcome = 'charged' AND fee IS NOT NULL
                ORDER BY created_at DESC LIMIT 1""",
                row -> Database.integer(row, "fee"), subscriptionId, txHash).stream().findFirst();
    }

    /** The provider's reference of the subscription a payment belongs to. */
    Optional<String> providerSubscriptionRef(UUID subscriptionId) {
        if (subscriptionId == null) {
            return Optional.empty();
        }
        return database.query("SELECT provider_subscription_ref FROM billing_subscription_state WHERE id = ?",
                row -> row.getString("provider_subscription_ref"), subscriptionId).stream().filter(java.util.Objects::nonNull).findFirst();
    }
}

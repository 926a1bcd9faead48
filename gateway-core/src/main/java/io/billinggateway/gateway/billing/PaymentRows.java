package io.billinggateway.gateway.billing;

import io.billinggateway.gateway.ledger.LedgerEntry;
import io.billinggateway.gateway.ledger.LedgerRepository;
import io.billinggateway.gateway.persistence.Database;
import jakarta.inject.Singleton;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The writes of {@code payment_transactions}, each with the SQL guard on the state it starts from; only {@link Payments}
 * and {@link Subscriptions} call them, in the caller's transaction, so no other code changes a payment.
 */
@Singleton
final class PaymentRows {
    private final Database database;

    PaymentRows(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /** The row, locked until the transaction ends, so the transition's "from" is the state it really moves from. */
    Optional<LedgerEntry> lock(UUID id) {
        return database.queryOne("SELECT * FROM payment_transactions WHERE id = ? FOR UPDATE", LedgerRepository::entry, id);
    }

    /** Inserts the entry unless one with its id exists; returns whether it inserted. */
    boolean insertIfAbsent(LedgerEntry entry) {
        return database.update("""
                INSERT INTO payment_transactions (id, user_id, network, chain_id, provider_id, product_type, product_id, plan_id, subscription_id, token,
                       amount, refunded_amount, status, provider_reference, tx_hash, payload, failure_reason, confirmed_at, created_at, updated_at, row_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""",
                entry.id(), entry.userId(), entry.network(), entry.chainId(), entry.providerId(), entry.productType(), entry.productId(), entry.planId(),
                entry.subscriptionId(), entry.token(), entry.amount(), entry.refundedAmount(), entry.status().value(), entry.providerReference(),
                entry.txHash(), entry.payload(), entry.failureReason(), entry.confirmedAt(), entry.createdAt(), entry.updatedAt(), entry.rowVersion()) == 1;
    }

    void attachCheckout(UUID id, String providerReference, String payload, Instant now) {
        database.update("UPDATE payment_transactions SET provider_reference = ?, payload = ?, updated_at = ?, row_version = row_version + 1 WHERE id = ?",
                providerReference, payload, now, id);
    }

    /** pending or failed becomes confirmed (a late success wins over an earlier failure: money moved). */
    boolean confirm(UUID id, String txHash, Instant confirmedAt, Instant now) {
        return database.update("""
                UPDATE payment_transactions SET status = 'confirmed', tx_hash = ?, confirmed_at = ?, failure_reason = NULL, updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status IN ('pending', 'failed')""", txHash, confirmedAt, now, id) == 1;
    }

    /** Only a pending entry can fail; a failure reported after a confirmation is ignored. */
    boolean fail(UUID id, String reason, Instant now) {
        return database.update("""
                UPDATE payment_transactions SET status = 'failed', failure_reason = ?, updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status = 'pending'""", reason, now, id) == 1;
    }

    /** Adds a refund; the entry becomes refunded when everything is refunded. */
    boolean refund(UUID id, BigInteger amount, Instant now) {
        return database.update("""
                UPDATE payment_transactions SET refunded_amount = refunded_amount + ?,
                       status = CASE WHEN refunded_amount + ? >= amount THEN 'refunded' ELSE status END,
                       updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status IN ('confirmed', 'refunded')""", amount, amount, now, id) == 1;
    }

    /**
     * A staff correction from exactly {@code from} (the row was locked and read in this transaction): confirmed keeps or
     * sets {@code confirmed_at}; failed records the correction's reason as the failure reason.
     */
    boolean correct(UUID id, String from, String to, String reason, Instant now) {
        return database.update("""
                UPDATE payment_transactions SET status = ?,
                       confirmed_at = CASE WHEN ? = 'confirmed' THEN COALESCE(confirmed_at, ?) ELSE confirmed_at END,
                       failure_reason = CASE WHEN ? = 'failed' THEN ? ELSE NULL END,
                       updated_at = ?, row_version = row_version + 1
                WHERE id = ? AND status = ?""", to, to, now, to, reason, now, id, from) == 1;
    }

    /** Records a refund of the provider once per (network, refund reference); returns whether this call inserted it. */
    boolean insertRefund(LedgerEntry entry, String refundRef, BigInteger amount, String reason, String requestedBy, Instant now) {
        return database.update("""
                INSERT INTO billing_refunds (network, refund_ref, ledger_id, amount, reason, requested_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", entry.network(), refundRef, entry.id(), amount, reason, requestedBy, now) == 1;
    }
}

package io.billinggateway.gateway.refund;

import io.billinggateway.gateway.checkout.IdempotencyKey;
import io.billinggateway.gateway.persistence.Database;
import jakarta.inject.Singleton;

import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** {@code billing_refund_requests}: one row per (payment, {@code Idempotency-Key}). Every method runs in the caller's transaction. */
@Singleton
final class RefundRequestRepository {
    private static final int ERROR_LENGTH = 2000;

    private final Database database;

    RefundRequestRepository(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /**
     * @param refundId the id the provider receives, derived from (payment, key)
     * @param requestedAmount empty for everything not yet refunded when the provider is asked
     * @param responseStatus the HTTP status a repeated request is answered with, once settled
     */
    record Row(UUID ledgerId, String idempotencyKey, String requestHash, String refundId, Optional<BigInteger> requestedAmount, String reason,
               String actor, RefundRequestStatus status, String refundRef, BigInteger refundedAmount, String error, Integer responseStatus,
               String responseBody) {
    }

    /** Inserts the request as {@code requested} unless the key was used for this payment; returns whether it inserted. */
    boolean insertIfAbsent(UUID ledgerId, IdempotencyKey key, String requestHash, String refundId, RefundInput input, String actor, Instant now) {
        return database.update("""
                INSERT INTO billing_refund_requests (ledger_id, idempotency_key, request_hash, refund_id, requested_amount, reason, actor, status,
                       created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                ledgerId, key.value(), requestHash, refundId, input.amount().orElse(null), input.reason(), actor, RefundRequestStatus.REQUESTED.value(),
                now, now) == 1;
    }

    Optional<Row> find(UUID ledgerId, IdempotencyKey key) {
        return database.queryOne("SELECT * FROM billing_refund_requests WHERE ledger_id = ? AND idempotency_key = ?", RefundRequestRepository::row,
                ledgerId, key.value());
    }

    /** Locks the row until the surrounding transaction ends: a concurrent duplicate waits here for the first, then replays. */
    Optional<Row> lock(UUID ledgerId, IdempotencyKey key) {
        return database.queryOne("SELECT * FROM billing_refund_requests WHERE ledger_id = ? AND idempotency_key = ? FOR UPDATE",
                RefundRequestRepository::row, ledgerId, key.value());
    }

    /** Settles the request with the provider's answer and the response repeated requests get. */
    void settle(Row request, RefundRequestStatus status, String refundRef, BigInteger refundedAmount, String error, int responseStatus, String responseBody,
                Instant now) {
        database.update("""
                UPDATE billing_refund_requests SET status = ?, refund_ref = ?, refunded_amount = ?, error = ?, response_status = ?, response_body = ?,
                       updated_at = ?
                WHERE ledger_id = ? AND idempotency_key = ?""",
                status.value(), refundRef, refundedAmount, bounded(error), responseStatus, responseBody, now, request.ledgerId(), request.idempotencyKey());
    }

    /**
     * Marks the request {@code unknown}: what the provider answered, if it did, and what failed. The next request with
     * the key asks the provider again.
     */
    void markUnknown(UUID ledgerId, String idempotencyKey, String refundRef, BigInteger refundedAmount, String error, Instant now) {
        database.update("""
                UPDATE billing_refund_requests SET status = ?, refund_ref = COALESCE(?, refund_ref), refunded_amount = COALESCE(?, refunded_amount),
                       error = ?, updated_at = ?
                WHERE ledger_id = ? AND idempotency_key = ? AND status IN ('requested', 'unknown')""",
                RefundRequestStatus.UNKNOWN.value(), refundRef, refundedAmount, bounded(error), now, ledgerId, idempotencyKey);
    }

    private static String bounded(String text) {
        return text == null || text.length() <= ERROR_LENGTH ? text : text.substring(0, ERROR_LENGTH - 3) + "...";
    }

    private static Row row(ResultSet row) throws SQLException {
        return new Row(Database.uuid(row, "ledger_id"), row.getString("idempotency_key"), row.getString("request_hash"), row.getString("refund_id"),
                Optional.ofNullable(Database.integer(row, "requested_amount")), row.getString("reason"), row.getString("actor"),
                RefundRequestStatus.of(row.getString("status")), row.getString("refund_ref"), Database.integer(row, "refunded_amount"),
                row.getString("error"), (Integer) row.getObject("response_status"), row.getString("response_body"));
    }
}

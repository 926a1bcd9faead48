package io.billinggateway.gateway.checkout;

import io.billinggateway.gateway.persistence.Database;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * {@code billing_idempotency_keys}: one row per (user, key) with the request's fingerprint and, once done, the
 * response. A row is written only for a request that passed validation and is about to reach a provider; every
 * method runs in the caller's transaction.
 */
@Singleton
final class IdempotencyStore {
    private static final int ERROR_LENGTH = 2000;

    private final Database database;

    IdempotencyStore(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /** @param responseStatus null while no response is stored: the provider was not called yet, failed, or its answer was not recorded */
    record Record(String requestHash, String operation, UUID ledgerId, Integer responseStatus, String responseBody, String lastError) {
        boolean completed() {
            return responseStatus != null;
        }
    }

    /** Inserts the row unless one exists for (user, key); returns whether it inserted. */
    boolean insertIfAbsent(String userId, IdempotencyKey key, String operation, String requestHash, UUID ledgerId, Instant now) {
        return database.update("""
                INSERT INTO billing_idempotency_keys (user_id, idempotency_key, operation, request_hash, ledger_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", userId, key.value(), operation, requestHash, ledgerId, now) == 1;
    }

    Optional<Record> find(String userId, IdempotencyKey key) {
        return database.queryOne("SELECT * FROM billing_idempotency_keys WHERE user_id = ? AND idempotency_key = ?", IdempotencyStore::record,
                userId, key.value());
    }

    /** Locks the row until the surrounding transaction ends: concurrent duplicates wait here for the first. */
    Optional<Record> lock(String userId, IdempotencyKey key) {
        return database.queryOne("SELECT * FROM billing_idempotency_keys WHERE user_id = ? AND idempotency_key = ? FOR UPDATE", IdempotencyStore::record,
                userId, key.value());
    }

    void complete(String userId, IdempotencyKey key, int status, String body, Instant now) {
        database.update("""
                UPDATE billing_idempotency_keys SET response_status = ?, response_body = ?, last_error = NULL, completed_at = ?
                WHERE user_id = ? AND idempotency_key = ?""", status, body, now, userId, key.value());
    }

    /** Says why the row has no response yet; the next request with the key calls the provider again. */
    void recordError(String userId, IdempotencyKey key, String error) {
        String bounded = error.length() <= ERROR_LENGTH ? error : error.substring(0, ERROR_LENGTH - 3) + "...";
        database.update("UPDATE billing_idempotency_keys SET last_error = ? WHERE user_id = ? AND idempotency_key = ? AND response_status IS NULL",
                bounded, userId, key.value());
    }

    private static Record record(ResultSet row) throws SQLException {
        return new Record(row.getString("request_hash"), row.getString("operation"), Database.uuid(row, "ledger_id"),
                (Integer) row.getObject("response_status"), row.getString("response_body"), row.getString("last_error"));
    }
}

package io.billinggateway.gateway.checkout;

import io.billinggateway.gateway.persistence.Database;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** {@code billing_idempotency_keys}: one row per (user, key) with the request's hash and, once done, the response. */
@Singleton
final class IdempotencyStore {
    private final Database database;

    IdempotencyStore(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    record Record(String requestHash, String operation, UUID ledgerId, Integer responseStatus, String responseBody) {
        boolean completed() {
            return responseStatus != null;
        }
    }

    /** Creates the row unless it exists (in its own short transaction, so that other requests can lock it). */
    void createIfAbsent(String userId, String key, String operation, String requestHash, UUID ledgerId, Instant now) {
        database.inTransaction(connection -> database.update("""
                INSERT INTO billing_idempotency_keys (user_id, idempotency_key, operation, request_hash, ledger_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", userId, key, operation, requestHash, ledgerId, now));
    }

    /** Locks the row until the surrounding transaction ends: concurrent duplicates wait here for the first. */
    Optional<Record> lock(String userId, String key) {
        return database.queryOne("SELECT * FROM billing_idempotency_keys WHERE user_id = ? AND idempotency_key = ? FOR UPDATE",
                row -> new Record(row.getString("request_hash"), row.getString("operation"), Database.uuid(row, "ledger_id"),
                        (Integer) row.getObject("response_status"), row.getString("response_body")),
                userId, key);
    }

    void complete(String userId, String key, int status, String body, Instant now) {
        database.update("UPDATE billing_idempotency_keys SET response_status = ?, response_body = ?, completed_at = ? WHERE user_id = ? AND idempotency_key = ?",
                status, body, now, userId, key);
    }
}

package io.billinggateway.gateway.staff;

import io.billinggateway.gateway.checkout.IdempotencyKey;
import io.billinggateway.gateway.persistence.Database;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * {@code billing_staff_actions}: one row per (staff member, {@code Idempotency-Key}) with the request's fingerprint and,
 * once done, the response a repeated request replays. Every method runs in the caller's transaction.
 */
@Singleton
final class StaffActionStore {
    private static final int ERROR_LENGTH = 2000;

    private final Database database;

    StaffActionStore(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /** @param responseStatus null while no response is stored (the provider was not answered yet, or failed) */
    record Row(String action, UUID entityId, String requestHash, Integer responseStatus, String responseBody) {
        boolean completed() {
            return responseStatus != null;
        }
    }

    boolean insertIfAbsent(String actor, IdempotencyKey key, String action, UUID entityId, String requestHash, Instant now) {
        return database.update("""
                INSERT INTO billing_staff_actions (actor, idempotency_key, action, entity_id, request_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", actor, key.value(), action, entityId, requestHash, now) == 1;
    }

    Optional<Row> find(String actor, IdempotencyKey key) {
        return database.queryOne("SELECT * FROM billing_staff_actions WHERE actor = ? AND idempotency_key = ?", StaffActionStore::row, actor, key.value());
    }

    /** Locks the row until the transaction ends: a concurrent duplicate waits here, then replays the first one's response. */
    Optional<Row> lock(String actor, IdempotencyKey key) {
        return database.queryOne("SELECT * FROM billing_staff_actions WHERE actor = ? AND idempotency_key = ? FOR UPDATE", StaffActionStore::row,
                actor, key.value());
    }

    void complete(String actor, IdempotencyKey key, int status, String body, Instant now) {
        database.update("""
                UPDATE billing_staff_actions SET response_status = ?, response_body = ?, last_error = NULL, completed_at = ?
                WHERE actor = ? AND idempotency_key = ?""", status, body, now, actor, key.value());
    }

    /** Says why the row has no response yet; the next request with the key tries again. */
    void recordError(String actor, IdempotencyKey key, String error) {
        String bounded = error.length() <= ERROR_LENGTH ? error : error.substring(0, ERROR_LENGTH - 3) + "...";
        database.update("UPDATE billing_staff_actions SET last_error = ? WHERE actor = ? AND idempotency_key = ? AND response_status IS NULL",
                bounded, actor, key.value());
    }

    private static Row row(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Row(row.getString("action"), Database.uuid(row, "entity_id"), row.getString("request_hash"), (Integer) row.getObject("response_status"),
                row.getString("response_body"));
    }
}

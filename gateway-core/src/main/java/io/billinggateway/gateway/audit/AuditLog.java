package io.billinggateway.gateway.audit;

import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.persistence.Json;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Writes audit entries in the caller's transaction, so a change and its audit entry commit together. */
@Singleton
public final class AuditLog {
    private final Database database;
    private final Json json;
    private final Clock clock;

    public AuditLog(Database database, Json json, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.json = requireNonNull(json, "json is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** One audit entry; {@code before} is null for a creation. */
    @Serdeable
    @io.swagger.v3.oas.annotations.media.Schema(name = "AuditEntry")
    public record Entry(UUID id, String actor, String action, String entityType, String entityId, String beforeState, String afterState, Instant createdAt) {
    }

    public void record(String actor, String action, String entityType, String entityId, Object before, Object after) {
        database.update("""
                INSERT INTO billing_audit_log (id, actor, action, entity_type, entity_id, before_state, after_state, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                UUID.randomUUID(), actor, action, entityType, entityId,
                before == null ? null : json.write(before), after == null ? null : json.write(after), clock.instant());
    }

    public List<Entry> forEntity(String entityType, String entityId) {
        return database.inTransaction(connection -> database.query("""
                SELECT * FROM billing_audit_log WHERE entity_type = ? AND entity_id = ? ORDER BY created_at, id""",
                row -> new Entry(Database.uuid(row, "id"), row.getString("actor"), row.getString("action"), row.getString("entity_type"),
                        row.getString("entity_id"), row.getString("before_state"), row.getString("after_state"), Database.instant(row, "created_at")),
                entityType, entityId));
    }
}

package io.billinggateway.gateway.billing;

import io.billinggateway.gateway.persistence.Database;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * {@code billing_status_history}: appended only by the transitions of this package, in their transaction; read by the
 * staff detail pages. Nothing updates or deletes a row: a correction is one more row.
 */
@Singleton
public final class StatusHistory {
    public static final String PAYMENT = "payment";
    public static final String SUBSCRIPTION = "subscription";
    /** Most transitions shown with one entity; a subscription renewed daily for years stays far below it. */
    public static final int MAX_ENTRIES = 2000;
    private static final int REASON_LENGTH = 2000;

    private final Database database;
    private final Clock clock;

    StatusHistory(Database database, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Records one transition; {@code detail} is the transition's own why, used when the cause states none. */
    void append(String entityKind, UUID entityId, long version, String fromStatus, String toStatus, Cause cause, String detail) {
        String reason = cause.reason() != null ? cause.reason() : detail;
        if (reason != null && reason.length() > REASON_LENGTH) {
            reason = reason.substring(0, REASON_LENGTH - 3) + "...";
        }
        database.update("""
                INSERT INTO billing_status_history (id, entity_kind, entity_id, entity_version, from_status, to_status, cause, actor, event_id, reason, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                UUID.randomUUID(), entityKind, entityId, version, fromStatus, toStatus, cause.kind().value(), cause.actor(), cause.eventId(), reason,
                clock.instant());
    }

    /** The entity's transitions, oldest first, at most {@link #MAX_ENTRIES}; runs in the caller's transaction. */
    public List<HistoryEntry> of(String entityKind, UUID entityId) {
        return database.query("""
                SELECT * FROM billing_status_history WHERE entity_kind = ? AND entity_id = ? ORDER BY entity_version LIMIT ?""",
                row -> new HistoryEntry(Database.uuid(row, "id"), row.getString("entity_kind"), Database.uuid(row, "entity_id"),
                        row.getLong("entity_version"), row.getString("from_status"), row.getString("to_status"), row.getString("cause"),
                        row.getString("actor"), row.getString("event_id"), row.getString("reason"), Database.instant(row, "occurred_at")),
                entityKind, entityId, MAX_ENTRIES);
    }
}

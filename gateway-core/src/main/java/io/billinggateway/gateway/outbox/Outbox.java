package io.billinggateway.gateway.outbox;

import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.persistence.Json;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Appends domain events to {@code billing_outbox} in the caller's transaction. */
@Singleton
public final class Outbox {
    public static final String PLAN_CHANGED = "billing.plan.changed.v1";
    public static final String SUBSCRIPTION_ACTIVATED = "billing.subscription.activated.v1";
    public static final String SUBSCRIPTION_CHARGED = "billing.subscription.charged.v1";
    public static final String SUBSCRIPTION_FAILED = "billing.subscription.failed.v1";
    public static final String SUBSCRIPTION_CANCELLED = "billing.subscription.cancelled.v1";
    public static final String PAYMENT_CONFIRMED = "billing.payment.confirmed.v1";
    public static final String PAYMENT_FAILED = "billing.payment.failed.v1";
    public static final String PAYMENT_REFUNDED = "billing.payment.refunded.v1";

    private final Database database;
    private final Json json;
    private final Clock clock;

    public Outbox(Database database, Json json, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.json = requireNonNull(json, "json is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** An event as stored. */
    @Serdeable
    public record Event(UUID id, String type, String aggregateId, String payload, Instant createdAt, Instant publishedAt) {
    }

    public void append(String type, String aggregateId, Map<String, ?> payload) {
        database.update("INSERT INTO billing_outbox (id, event_type, aggregate_id, payload, created_at) VALUES (?, ?, ?, ?, ?)",
                UUID.randomUUID(), type, aggregateId, json.write(payload), clock.instant());
    }

    private static Event event(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Event(Database.uuid(row, "id"), row.getString("event_type"), row.getString("aggregate_id"), row.getString("payload"),
                Database.instant(row, "created_at"), Database.instant(row, "published_at"));
    }

    public List<Event> forAggregate(String aggregateId) {
        return database.inTransaction(connection -> database.query(
                "SELECT * FROM billing_outbox WHERE aggregate_id = ? ORDER BY created_at, id",
                Outbox::event,
                aggregateId));
    }

    public List<Event> ofType(String type) {
        return database.inTransaction(connection -> database.query(
                "SELECT * FROM billing_outbox WHERE event_type = ? ORDER BY created_at, id",
                Outbox::event,
                type));
    }
}

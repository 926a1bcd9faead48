package io.billinggateway.gateway.webhook;

import io.billinggateway.gateway.metrics.BillingMetrics;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.spi.BillingEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Applies events exactly once. Each event is inserted into {@code billing_webhook_events} keyed by
 * (network, event id) and applied in the same transaction; a second delivery finds the row and changes
 * nothing. Deferred events (their payment or subscription not known yet) stay unapplied and are retried
 * after every delivery of their network and every 30 seconds.
 */
@Singleton
public class EventInbox {
    private static final Logger LOG = LoggerFactory.getLogger(EventInbox.class);
    private static final int RETRY_BATCH = 200;

    private final Database database;
    private final EventApplier applier;
    private final StoredEvents storedEvents;
    private final MeterRegistry metrics;
    private final BillingMetrics billing;
    private final Clock clock;

    EventInbox(Database database, EventApplier applier, StoredEvents storedEvents, MeterRegistry metrics, BillingMetrics billing, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.applier = requireNonNull(applier, "applier is null");
        this.storedEvents = requireNonNull(storedEvents, "storedEvents is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.billing = requireNonNull(billing, "billing is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What happened to the events of one delivery. */
    @io.micronaut.serde.annotation.Serdeable
    @io.swagger.v3.oas.annotations.media.Schema(name = "WebhookReceipt")
    public record Receipt(int received, int applied, int duplicates, int deferred) {
    }

    public Receipt accept(String network, List<BillingEvent> events) {
        int applied = 0;
        int duplicates = 0;
        int deferred = 0;
        for (BillingEvent event : events) {
            Outcome outcome = database.inTransaction(connection -> acceptOne(network, event));
            metrics.counter("billing_webhook_events_total", "network", network, "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).increment();
            switch (outcome) {
                case APPLIED -> applied++;
                case DUPLICATE -> duplicates++;
                case DEFERRED -> deferred++;
            }
        }
        if (applied > 0) {
            retryDeferred(network);
        }
        return new Receipt(events.size(), applied, duplicates, deferred);
    }

    private enum Outcome { APPLIED, DUPLICATE, DEFERRED }

    private Outcome acceptOne(String network, BillingEvent event) {
        int inserted = database.update("""
                INSERT INTO billing_webhook_events (network, event_id, event_type, payload, received_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", network, event.eventId(), StoredEvents.type(event), storedEvents.write(event), clock.instant());
        if (inserted == 0) {
            return Outcome.DUPLICATE;
        }
        if (applier.apply(network, event) == EventApplier.Result.DEFERRED) {
            LOG.info("event deferred until what it refers to arrives: network={} event_id={} type={}", network, event.eventId(), StoredEvents.type(event));
            return Outcome.DEFERRED;
        }
        markApplied(network, event.eventId());
        billing.webhookApplied(network, Duration.between(event.occurredAt(), clock.instant()));
        return Outcome.APPLIED;
    }

    /** Applies deferred events of a network whose prerequisites have arrived since. Returns how many it applied. */
    public int retryDeferred(String network) {
        List<String> waiting = database.inTransaction(connection -> database.query(
                "SELECT event_id FROM billing_webhook_events WHERE network = ? AND applied_at IS NULL ORDER BY received_at LIMIT ?",
                row -> row.getString("event_id"), network, RETRY_BATCH));
        int applied = 0;
        for (String eventId : waiting) {
            boolean done = database.inTransaction(connection -> database.queryOne("""
                            SELECT event_type, payload FROM billing_webhook_events WHERE network = ? AND event_id = ? AND applied_at IS NULL FOR UPDATE SKIP LOCKED""",
                            row -> storedEvents.read(row.getString("event_type"), row.getString("payload")), network, eventId)
                    .map(event -> {
                        if (applier.apply(network, event) == EventApplier.Result.DEFERRED) {
                            return false;
                        }
                        markApplied(network, eventId);
                        return true;
                    })
                    .orElse(false));
            if (done) {
                applied++;
            }
        }
        return applied;
    }

    @Scheduled(fixedDelay = "30s", initialDelay = "30s")
    void retryAllDeferred() {
        List<String> networks = database.inTransaction(connection -> database.query(
                "SELECT DISTINCT network FROM billing_webhook_events WHERE applied_at IS NULL", row -> row.getString("network")));
        networks.forEach(this::retryDeferred);
    }

    private void markApplied(String network, String eventId) {
        database.update("UPDATE billing_webhook_events SET applied_at = ?, apply_error = NULL WHERE network = ? AND event_id = ?", clock.instant(), network, eventId);
    }
}

package io.billinggateway.gateway.outbox;

import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.router.EnvironmentSecretResolver;
import io.billinggateway.router.RouterConfigurationException;
import io.billinggateway.spi.BillingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Delivers outbox events to the configured endpoints, at least once, signed in the Standard Webhooks format
 * ({@code webhook-id} is the event id, stable across retries, so receivers deduplicate by it). Events are
 * claimed with {@code FOR UPDATE SKIP LOCKED}, so several gateway processes relay without sending an event
 * twice at the same time. A failed delivery is retried with exponential backoff (1 s doubling to 1 h) per
 * endpoint; an event is published when every endpoint has it.
 *
 * <p>Created with the application context ({@link Context}), so that a misconfigured endpoint stops startup with
 * one line and exit status 78, rather than failing in the scheduler once per second after the gateway is up.
 */
@Context
public class OutboxRelay {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 50;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final Database database;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private record Target(OutboxEndpoint endpoint, StandardWebhookSigner signer) {
    }

    OutboxRelay(List<OutboxEndpoint> endpoints, Database database, MeterRegistry metrics, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
        EnvironmentSecretResolver secrets = new EnvironmentSecretResolver(System.getenv());
        List<String> problems = new ArrayList<>();
        for (OutboxEndpoint endpoint : endpoints) {
            String prefix = "billing.outbox.endpoints." + endpoint.name() + ": ";
            if (endpoint.url() == null || !endpoint.url().isAbsolute()) {
                problems.add(prefix + "url must be an absolute http(s) URL");
                continue;
            }
            if (endpoint.secret() == null || !EnvironmentSecretResolver.isReference(endpoint.secret())) {
                problems.add(prefix + "secret must be a reference, env:NAME or file:/path, to a whsec_ secret");
                continue;
            }
            try {
                targets.put(endpoint.name(), new Target(endpoint, new StandardWebhookSigner(secrets.resolve(endpoint.secret()).reveal())));
            }
            catch (BillingException | IllegalArgumentException e) {
                problems.add(prefix + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new RouterConfigurationException(problems);
        }
    }

    @Scheduled(fixedDelay = "${billing.outbox.relay-interval:1s}", initialDelay = "1s")
    void scheduled() {
        if (targets.isEmpty()) {
            return;
        }
        try {
            relay();
        }
        catch (RuntimeException e) {
            LOG.warn("outbox relay round failed: {}", e.getMessage());
        }
    }

    /** One round: delivers what is due; returns how many events became published. */
    public int relay() {
        if (targets.isEmpty()) {
            return 0;
        }
        return database.inTransaction(connection -> {
            Instant now = clock.instant();
            List<Outbox.Event> events = database.query("""
                            SELECT * FROM billing_outbox WHERE published_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
                            ORDER BY created_at, id LIMIT ? FOR UPDATE SKIP LOCKED""",
                    row -> new Outbox.Event(Database.uuid(row, "id"), row.getString("event_type"), row.getString("aggregate_id"), row.getString("payload"),
                            Database.instant(row, "created_at"), null), now, BATCH);
            int published = 0;
            for (Outbox.Event event : events) {
                if (deliver(event, now)) {
                    published++;
                }
            }
            return published;
        });
    }

    /** Delivers one event to every endpoint still owed it; returns whether all have it now. */
    private boolean deliver(Outbox.Event event, Instant now) {
        Instant earliestRetry = null;
        boolean all = true;
        for (Target target : targets.values()) {
            Optional<Delivery> previous = database.queryOne(
                    "SELECT attempts, next_attempt_at, delivered_at FROM billing_outbox_deliveries WHERE event_id = ? AND endpoint = ?",
                    row -> new Delivery(row.getInt("attempts"), Database.instant(row, "next_attempt_at"), Database.instant(row, "delivered_at")),
                    event.id(), target.endpoint().name());
            if (previous.map(Delivery::deliveredAt).isPresent()) {
                continue;
            }
            if (previous.map(Delivery::nextAttemptAt).filter(next -> next.isAfter(now)).isPresent()) {
                all = false;
                earliestRetry = earlier(earliestRetry, previous.get().nextAttemptAt());
                continue;
            }
            int attempts = previous.map(Delivery::attempts).orElse(0) + 1;
            Optional<String> failure = send(target, event, now);
            Instant nextAttempt = failure.isPresent() ? now.plus(backoff(attempts)) : null;
            database.update("DELETE FROM billing_outbox_deliveries WHERE event_id = ? AND endpoint = ?", event.id(), target.endpoint().name());
            database.update("""
                    INSERT INTO billing_outbox_deliveries (event_id, endpoint, attempts, next_attempt_at, delivered_at, last_error) VALUES (?, ?, ?, ?, ?, ?)""",
                    event.id(), target.endpoint().name(), attempts, nextAttempt, failure.isPresent() ? null : now, failure.orElse(null));
            metrics.counter("billing_outbox_deliveries_total", "endpoint", target.endpoint().name(), "outcome", failure.isPresent() ? "failed" : "delivered").increment();
            if (failure.isPresent()) {
                all = false;
                earliestRetry = earlier(earliestRetry, nextAttempt);
                LOG.warn("outbox event {} ({}) to endpoint {} failed, attempt {}: {}", event.id(), event.type(), target.endpoint().name(), attempts, failure.get());
            }
        }
        database.update("UPDATE billing_outbox SET published_at = ?, next_attempt_at = ?, attempts = attempts + 1 WHERE id = ?",
                all ? now : null, all ? null : earliestRetry, event.id());
        return all;
    }

    private record Delivery(int attempts, Instant nextAttemptAt, Instant deliveredAt) {
    }

    private Optional<String> send(Target target, Outbox.Event event, Instant now) {
        byte[] body = ("{\"type\":\"" + event.type() + "\",\"timestamp\":\"" + event.createdAt() + "\",\"data\":" + event.payload() + "}")
                .getBytes(StandardCharsets.UTF_8);
        long timestamp = now.getEpochSecond();
        String messageId = "evt_" + event.id();
        HttpRequest request = HttpRequest.newBuilder(target.endpoint().url())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", target.signer().sign(messageId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? Optional.empty() : Optional.of("HTTP " + response.statusCode());
        }
        catch (IOException e) {
            return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    static Duration backoff(int attempts) {
        Duration delay = Duration.ofSeconds(1L << Math.min(attempts - 1, 12));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }

    private static Instant earlier(Instant current, Instant candidate) {
        return current == null || candidate.isBefore(current) ? candidate : current;
    }

    /** For tests and operators: the endpoints being served. */
    public List<String> endpoints() {
        return List.copyOf(targets.keySet());
    }
}

package io.billinggateway.gateway.metrics;

import io.billinggateway.gateway.outbox.OutboxRelay;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Gauges of billing state read from the database every {@code billing.metrics.refresh-interval} (15 s by default):
 * {@code billing_subscriptions_active{network, plan}} (the plan's slug), {@code billing_outbox_backlog} (events not yet
 * delivered to every endpoint; zero while no endpoint is configured, as events then wait for the first one) and {@code billing_outbox_oldest_pending_seconds}. Every gateway process reports the
 * same values, so dashboards take {@code max} across processes, never {@code sum}. A combination that has no active
 * subscription any more reports zero rather than its last value. The refresh also registers the {@link BillingMetrics}
 * series of every enabled network.
 */
@Singleton
public class StateGauges {
    private static final Logger LOG = LoggerFactory.getLogger(StateGauges.class);

    private final Database database;
    private final OutboxRelay outbox;
    private final ProviderRouter router;
    private final BillingMetrics billing;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private final Set<String> registeredNetworks = ConcurrentHashMap.newKeySet();

    StateGauges(Database database, OutboxRelay outbox, ProviderRouter router, BillingMetrics billing, MeterRegistry registry, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.router = requireNonNull(router, "router is null");
        this.billing = requireNonNull(billing, "billing is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Scheduled(fixedDelay = "${billing.metrics.refresh-interval:15s}", initialDelay = "1s")
    void scheduledRefresh() {
        try {
            refresh();
        }
        catch (RuntimeException e) {
            LOG.warn("refreshing the billing gauges failed: {}", e.getMessage());
        }
    }

    /** Reads the state now (in one read-only transaction) and sets every gauge. */
    public void refresh() {
        database.inTransaction(connection -> {
            read();
            return null;
        });
    }

    private void read() {
        for (RoutedNetwork network : router.networks()) {
            if (registeredNetworks.add(network.name())) {
                billing.register(network.name());
            }
        }
        record Active(String network, String plan, long subscriptions) {
        }
        List<Active> active = database.query("""
                SELECT s.network, p.slug, COUNT(*) AS active
                FROM billing_subscription_state s JOIN billing_plans p ON p.id = s.plan_id
                WHERE s.status = 'active'
                GROUP BY s.network, p.slug""", row -> new Active(row.getString("network"), row.getString("slug"), row.getLong("active")));
        gauges.keySet().stream().filter(key -> key.startsWith("billing_subscriptions_active\n")).forEach(key -> gauges.get(key).set(0));
        active.forEach(row -> gauge("billing_subscriptions_active", Tags.of("network", row.network(), "plan", row.plan())).set(row.subscriptions()));

        Instant now = clock.instant();
        record Backlog(long events, Optional<Instant> oldest) {
        }
        // Without endpoints, events wait for the first one to be configured: that is not a backlog.
        Backlog backlog = outbox.endpoints().isEmpty() ? new Backlog(0, Optional.empty()) : database.queryOne("SELECT COUNT(*) AS events, MIN(created_at) AS oldest FROM billing_outbox WHERE published_at IS NULL",
                row -> new Backlog(row.getLong("events"), Optional.ofNullable(Database.instant(row, "oldest")))).orElseThrow();
        gauge("billing_outbox_backlog", Tags.empty()).set(backlog.events());
        gauge("billing_outbox_oldest_pending_seconds", Tags.empty())
                .set(backlog.oldest().map(oldest -> Math.max(0, Duration.between(oldest, now).toSeconds())).orElse(0L));
    }

    private AtomicLong gauge(String name, Tags tags) {
        StringBuilder key = new StringBuilder(name);
        tags.forEach(tag -> key.append('\n').append(tag.getValue()));
        return gauges.computeIfAbsent(key.toString(), ignored -> registry.gauge(name, tags, new AtomicLong()));
    }
}

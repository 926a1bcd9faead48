package io.billinggateway.gateway.webhook;

import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.EventPage;
import io.billinggateway.spi.PollEventsRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import static java.util.Objects.requireNonNull;

/**
 * Pulls final events from every network whose provider declares {@link Capability#EVENT_POLLING} (on-chain
 * logs, Solana signatures) and applies them through the {@link EventInbox}. The cursor is stored only after
 * the page's events are applied, so a crash replays a page, which the inbox makes harmless. Each network is
 * polled on its own; one failing network only logs and counts {@code billing_event_poll_failures_total}.
 */
@Singleton
public class EventPoller {
    private static final Logger LOG = LoggerFactory.getLogger(EventPoller.class);
    private static final int PAGE_SIZE = 500;
    private static final int MAX_PAGES_PER_ROUND = 20;

    private final ProviderRouter router;
    private final EventInbox inbox;
    private final Database database;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final boolean enabled;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    EventPoller(ProviderRouter router, EventInbox inbox, Database database, MeterRegistry metrics, Clock clock,
                @Value("${billing.event-polling.enabled:true}") boolean enabled) {
        this.router = requireNonNull(router, "router is null");
        this.inbox = requireNonNull(inbox, "inbox is null");
        this.database = requireNonNull(database, "database is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.enabled = enabled;
    }

    @Scheduled(fixedDelay = "${billing.event-polling.interval:5s}", initialDelay = "5s")
    void pollAll() {
        if (!enabled) {
            return;
        }
        for (RoutedNetwork network : router.networks()) {
            if (network.describe().supports(Capability.EVENT_POLLING)) {
                try {
                    poll(network.name());
                }
                catch (RuntimeException e) {
                    metrics.counter("billing_event_poll_failures_total", "network", network.name()).increment();
                    LOG.warn("polling events of network {} failed: {}", network.name(), e.getMessage());
                }
            }
        }
    }

    /** Polls one network until it is caught up (or a round's page limit); returns how many events were applied. */
    public int poll(String networkName) {
        RoutedNetwork network = router.resolve(networkName);
        ReentrantLock lock = locks.computeIfAbsent(networkName, ignored -> new ReentrantLock());
        if (!lock.tryLock()) {
            return 0;
        }
        try {
            int applied = 0;
            for (int page = 0; page < MAX_PAGES_PER_ROUND; page++) {
                Optional<String> cursor = database.inTransaction(connection -> database.queryOne(
                        "SELECT cursor_value FROM billing_event_cursors WHERE network = ?", row -> row.getString("cursor_value"), networkName));
                EventPage events = network.provider().pollEvents(new PollEventsRequest(cursor, PAGE_SIZE));
                EventInbox.Receipt receipt = inbox.accept(networkName, events.events());
                applied += receipt.applied();
                metrics.counter("billing_contract_events_total", "network", networkName).increment(events.events().size());
                saveCursor(networkName, events.nextCursor());
                if (events.caughtUp()) {
                    break;
                }
            }
            return applied;
        }
        finally {
            lock.unlock();
        }
    }

    private void saveCursor(String network, String cursor) {
        database.inTransaction(connection -> {
            int updated = database.update("UPDATE billing_event_cursors SET cursor_value = ?, updated_at = ? WHERE network = ?", cursor, clock.instant(), network);
            if (updated == 0) {
                database.update("INSERT INTO billing_event_cursors (network, cursor_value, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                        network, cursor, clock.instant());
            }
            return null;
        });
    }
}

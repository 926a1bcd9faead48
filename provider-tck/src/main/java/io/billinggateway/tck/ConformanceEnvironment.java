package io.billinggateway.tck;

import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.EventPage;
import io.billinggateway.spi.InboundWebhook;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.spi.PollEventsRequest;
import io.billinggateway.spi.ProviderContext;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.fail;

/**
 * What the kit provides around the provider under test, fresh for every test: a webhook receiver, a data
 * directory, a clock that moves only when the kit moves it, the {@link ProviderContext} the provider is
 * created with, and ways to wait for the provider's asynchronous events the way the gateway learns of them.
 *
 * <p>Events are collected from every source the provider declares: deliveries to {@link #webhookUrl()} are
 * verified with {@link BillingProvider#parseWebhook} ({@link Capability#WEBHOOKS}), and
 * {@link BillingProvider#pollEvents} is read from a cursor ({@link Capability#EVENT_POLLING}). Not
 * thread-safe: used by the test's own thread.
 */
public final class ConformanceEnvironment {
    private static final int POLL_PAGE_SIZE = 100;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final Path dataDirectory;
    private final TestingClock clock;
    private final WebhookReceiver receiver;
    private final TestingProviderMetrics metrics = new TestingProviderMetrics();
    private final Duration eventTimeout;
    private final long seed;
    private final Random random;

    private final List<ParsedDelivery> parsedDeliveries = new ArrayList<>();
    private final List<BillingEvent> events = new ArrayList<>();
    private Optional<String> pollCursor = Optional.empty();

    private ProviderContext context;
    private BillingProvider provider;
    private NetworkDescription description;

    /** A delivery the receiver got and the events the provider parsed from it. */
    public record ParsedDelivery(InboundWebhook delivery, List<BillingEvent> events) {
        public ParsedDelivery {
            requireNonNull(delivery, "delivery is null");
            events = List.copyOf(requireNonNull(events, "events is null"));
        }
    }

    ConformanceEnvironment(Path dataDirectory, TestingClock clock, WebhookReceiver receiver, Duration eventTimeout, long seed) {
        this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.receiver = requireNonNull(receiver, "receiver is null");
        this.eventTimeout = requireNonNull(eventTimeout, "eventTimeout is null");
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** Where the provider must send webhooks: the kit's receiver, which records them and answers {@code 200}. */
    public URI webhookUrl() {
        return receiver.url();
    }

    /** A fresh directory for this test alone, deleted afterwards. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The provider's clock; the kit moves it (to make a period due, to make a signature stale). */
    public TestingClock clock() {
        return clock;
    }

    /** What the provider measured during this test. */
    public TestingProviderMetrics metrics() {
        return metrics;
    }

    /** The seed of this test's ids and (in later versions) its fault injection; the same seed repeats the same test. */
    public long seed() {
        return seed;
    }

    /** A new id for a gateway-side object ({@code checkout}, {@code refund}, {@code plan}), derived from {@link #seed()}. */
    public String newId(String kind) {
        requireNonNull(kind, "kind is null");
        return "tck-" + kind + "-" + HexFormat.of().toHexDigits(random.nextLong());
    }

    /**
     * The context the provider under test is created with.
     *
     * @throws IllegalStateException before the kit has configured the network (inside {@code network(...)})
     */
    public ProviderContext context() {
        if (context == null) {
            throw new IllegalStateException("the provider context exists only after the network is configured; do not use it inside network(...)");
        }
        return context;
    }

    /**
     * The provider under test, for a payer simulation that needs to reach it (an in-memory fake).
     *
     * @throws IllegalStateException before the provider is created
     */
    public BillingProvider provider() {
        if (provider == null) {
            throw new IllegalStateException("the provider under test has not been created yet");
        }
        return provider;
    }

    /** Every delivery the receiver got so far, exactly as received. */
    public List<InboundWebhook> deliveries() {
        return receiver.deliveries();
    }

    /** Every delivery verified so far, with the events parsed from it, in arrival order. */
    public List<ParsedDelivery> parsedDeliveries() {
        collect();
        return List.copyOf(parsedDeliveries);
    }

    /** Every event collected so far from webhooks and polling, in the order the kit learnt of them. */
    public List<BillingEvent> events() {
        collect();
        return List.copyOf(events);
    }

    /**
     * Waits up to the test's event timeout for an event of the given type that matches, collecting from every
     * declared source, and returns the first such event (also one that arrived before the call).
     *
     * @throws AssertionError naming what was awaited and what did arrive when the timeout passes, or when the
     *         provider declares neither {@link Capability#WEBHOOKS} nor {@link Capability#EVENT_POLLING}
     */
    public <T extends BillingEvent> T awaitEvent(Class<T> type, Predicate<? super T> matching) {
        return awaitEvent(type, matching, type.getSimpleName());
    }

    /** As {@link #awaitEvent(Class, Predicate)}, with a description of the awaited event for the failure message. */
    public <T extends BillingEvent> T awaitEvent(Class<T> type, Predicate<? super T> matching, String description) {
        requireNonNull(type, "type is null");
        requireNonNull(matching, "matching is null");
        requireEventSource(description);
        long deadline = System.nanoTime() + eventTimeout.toNanos();
        while (true) {
            collect();
            for (BillingEvent event : events) {
                if (type.isInstance(event) && matching.test(type.cast(event))) {
                    return type.cast(event);
                }
            }
            if (System.nanoTime() - deadline > 0) {
                return fail("no " + description + " arrived within " + eventTimeout + " (from " + eventSources() + "); events that did arrive: " + events);
            }
            pause();
        }
    }

    /**
     * Waits for a delivery to {@link #webhookUrl()} that verified and parsed into at least one event matching
     * {@code matching}.
     */
    public ParsedDelivery awaitDelivery(Predicate<? super BillingEvent> matching, String description) {
        requireNonNull(matching, "matching is null");
        if (!provider().describe().supports(Capability.WEBHOOKS)) {
            throw new IllegalStateException("the provider does not declare WEBHOOKS");
        }
        long deadline = System.nanoTime() + eventTimeout.toNanos();
        while (true) {
            collect();
            for (ParsedDelivery parsed : parsedDeliveries) {
                if (parsed.events().stream().anyMatch(matching)) {
                    return parsed;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                return fail("capability WEBHOOKS is declared, but no webhook carrying " + description + " reached webhookUrl() " + webhookUrl()
                        + " within " + eventTimeout + "; deliveries received: " + parsedDeliveries);
            }
            pause();
        }
    }

    void bind(ProviderContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    void attach(BillingProvider provider, NetworkDescription description) {
        this.provider = requireNonNull(provider, "provider is null");
        this.description = requireNonNull(description, "description is null");
    }

    private void requireEventSource(String awaited) {
        if (!description.supports(Capability.WEBHOOKS) && !description.supports(Capability.EVENT_POLLING)) {
            fail("waiting for " + awaited + ", but the provider declares neither WEBHOOKS nor EVENT_POLLING, so neither the kit nor the gateway can ever learn of it");
        }
    }

    private String eventSources() {
        List<String> sources = new ArrayList<>();
        if (description.supports(Capability.WEBHOOKS)) {
            sources.add("webhooks to " + webhookUrl());
        }
        if (description.supports(Capability.EVENT_POLLING)) {
            sources.add("pollEvents");
        }
        return String.join(" and ", sources);
    }

    private void collect() {
        if (provider == null) {
            return;
        }
        if (description.supports(Capability.WEBHOOKS)) {
            List<InboundWebhook> received = receiver.deliveries();
            for (int index = parsedDeliveries.size(); index < received.size(); index++) {
                InboundWebhook delivery = received.get(index);
                List<BillingEvent> parsed;
                try {
                    parsed = provider.parseWebhook(delivery);
                }
                catch (BillingException e) {
                    parsed = fail("the provider sent a webhook to webhookUrl() that its own parseWebhook rejected (" + e.code() + ": " + e.getMessage() + "); delivery: " + delivery, e);
                }
                if (parsed == null) {
                    parsed = fail("parseWebhook returned null for a genuine delivery; return an empty list for deliveries without events");
                }
                parsedDeliveries.add(new ParsedDelivery(delivery, parsed));
                events.addAll(parsed);
            }
        }
        if (description.supports(Capability.EVENT_POLLING)) {
            for (int page = 0; page < 100; page++) {
                EventPage events;
                try {
                    events = provider.pollEvents(new PollEventsRequest(pollCursor, POLL_PAGE_SIZE));
                }
                catch (BillingException e) {
                    events = fail("capability EVENT_POLLING is declared but pollEvents(" + pollCursor + ") threw " + e.code() + ": " + e.getMessage(), e);
                }
                if (events == null) {
                    fail("pollEvents returned null; return an empty page with the same cursor when nothing is new");
                }
                this.events.addAll(events.events());
                pollCursor = Optional.of(events.nextCursor());
                if (events.caughtUp() || events.events().isEmpty()) {
                    break;
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an event", e);
        }
    }
}

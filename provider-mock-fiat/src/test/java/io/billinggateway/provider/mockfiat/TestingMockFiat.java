package io.billinggateway.provider.mockfiat;

import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.ChainId;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.InboundWebhook;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.RegisterPlanRequest;
import io.billinggateway.spi.Secret;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One mock-fiat network as the gateway would run it, for a test: the provider created through its factory, a
 * movable clock, a local webhook receiver, a data directory that survives {@link #restart()}, and a payer.
 */
final class TestingMockFiat implements AutoCloseable {
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    static final Duration MONTH = Duration.ofDays(30);
    static final Money PRICE = Money.of(1999, "USD");
    static final String NETWORK = "fiat";
    static final ChainId CHAIN = ChainId.parse("fiat:mock");

    final TestingClock clock = new TestingClock(START);
    final TestingPayer payer = new TestingPayer();
    final Path dataDirectory;
    private final TestingWebhookReceiver receiver;
    private final Map<String, String> values;
    private final Map<String, Secret> secrets;
    private final AtomicLong sequence = new AtomicLong();
    private BillingProvider provider;

    private TestingMockFiat(Path dataDirectory, Map<String, String> values, Map<String, Secret> secrets) throws IOException {
        this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
        this.values = values;
        this.secrets = secrets;
        this.receiver = TestingWebhookReceiver.start(clock);
    }

    /** A network with default settings except a fast webhook retry. */
    static TestingMockFiat start(Path dataDirectory) throws IOException {
        return start(dataDirectory, Map.of());
    }

    static TestingMockFiat start(Path dataDirectory, Map<String, String> overrides) throws IOException {
        return start(dataDirectory, overrides, Map.of());
    }

    static TestingMockFiat start(Path dataDirectory, Map<String, String> overrides, Map<String, Secret> secrets) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("webhook-retry-delay", "50ms");
        values.putAll(overrides);
        TestingMockFiat network = new TestingMockFiat(dataDirectory, Map.copyOf(values), Map.copyOf(secrets));
        try {
            network.provider = network.create();
        }
        catch (RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    BillingProvider provider() {
        return provider;
    }

    TestingWebhookReceiver receiver() {
        return receiver;
    }

    NetworkConfig config() {
        return new NetworkConfig(NETWORK, CHAIN, values, secrets);
    }

    TestingProviderContext context() {
        return new TestingProviderContext(clock, receiver.url(), dataDirectory);
    }

    /** Creates another provider with this network's configuration and data directory. */
    BillingProvider create() {
        return new MockFiatBillingProviderFactory().create(config(), context());
    }

    /** Stops the provider as the gateway does at shutdown and starts a new one on the same data directory. */
    void restart() {
        provider.close();
        provider = create();
    }

    /**
     * Moves time forward once every webhook owed so far has arrived, as time passes in the real world: a webhook
     * signed before the jump must not arrive after it, or its arrival would look a month late.
     */
    void advanceClock(Duration amount) {
        Eventually.await("the outbox to drain before moving time",
                () -> Optional.of(provider.health().details().get("webhooks-undelivered")).filter("0"::equals),
                () -> "health: " + provider.health());
        clock.advance(amount);
    }

    /** The hosted pages' base URL, as the checkout payloads use it. */
    URI baseUrl() {
        return ((MockFiatBillingProvider) provider).checkoutUrl("x").resolve("/");
    }

    String newId(String kind) {
        return "test-" + kind + "-" + sequence.incrementAndGet();
    }

    String registerPlan(Optional<Duration> period) {
        PlanDefinition plan = new PlanDefinition(newId("plan"), "Pro " + (period.isPresent() ? "monthly" : "lifetime"), PRICE, period, 1);
        return provider.registerPlan(new RegisterPlanRequest(plan)).providerPlanRef();
    }

    /** A plan billed every {@code period} of whole months, on the subscription's day of the month. */
    String registerCalendarPlan(java.time.Period period) {
        PlanDefinition plan = new PlanDefinition(newId("plan"), "Pro " + period, PRICE, Optional.empty(), 1, Optional.of(period));
        return provider.registerPlan(new RegisterPlanRequest(plan)).providerPlanRef();
    }

    String registerOneTimePlan() {
        return registerPlan(Optional.empty());
    }

    String registerMonthlyPlan() {
        return registerPlan(Optional.of(MONTH));
    }

    CheckoutRequest checkoutRequest(CheckoutKind kind, String planRef) {
        return new CheckoutRequest(newId("checkout"), kind, newId("customer"), planRef, PRICE, Optional.empty(),
                Optional.of(URI.create("https://merchant.example/return")), Map.of("order", "42"));
    }

    CheckoutResult checkout(CheckoutKind kind, String planRef) {
        return provider.checkout(checkoutRequest(kind, planRef));
    }

    /** A subscription paid at checkout with {@code card}, once its activation has been delivered. */
    BillingEvent.SubscriptionActivated subscribe(String card) {
        return subscribe(card, registerMonthlyPlan());
    }

    /** Subscribes to the plan registered as {@code planRef}, paying with {@code card}. */
    BillingEvent.SubscriptionActivated subscribe(String card, String planRef) {
        CheckoutResult checkout = checkout(CheckoutKind.SUBSCRIPTION, planRef);
        assertThat(payer.payWithCard(checkout, card).status()).as("paying with " + card).isEqualTo(200);
        return awaitEvent(BillingEvent.SubscriptionActivated.class, event -> event.providerReference().equals(checkout.providerReference()));
    }

    /** Every event delivered so far, as the provider parses the deliveries. */
    List<BillingEvent> events() {
        List<BillingEvent> events = new ArrayList<>();
        for (InboundWebhook delivery : receiver.deliveries()) {
            events.addAll(provider.parseWebhook(delivery));
        }
        return events;
    }

    <T extends BillingEvent> List<T> events(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends BillingEvent> T awaitEvent(Class<T> type, Predicate<? super T> matching) {
        return Eventually.await("a " + type.getSimpleName() + " webhook",
                () -> events(type).stream().filter(matching).findFirst().map(type::cast),
                () -> "delivered so far: " + events());
    }

    /** The first accepted delivery whose events match. */
    InboundWebhook awaitDelivery(Predicate<BillingEvent> matching) {
        return Eventually.await("a matching webhook delivery",
                () -> receiver.deliveries().stream().filter(delivery -> provider.parseWebhook(delivery).stream().anyMatch(matching)).findFirst(),
                () -> "delivered so far: " + events());
    }

    static String body(InboundWebhook delivery) {
        return new String(delivery.body(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            if (provider != null) {
                provider.close();
            }
        }
        finally {
            payer.close();
            receiver.close();
        }
    }
}

package io.billinggateway.provider.evm;

import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.EventPage;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.PollEventsRequest;
import io.billinggateway.spi.RegisterPlanRequest;
import io.billinggateway.tck.TestingClock;
import io.billinggateway.tck.TestingProviderContext;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An EVM provider created the way the gateway creates one, on a {@link TestingEvmChain}, with a clock, metrics and
 * a data directory the test can see, and the flows the provider's tests share (register a plan, subscribe through
 * a wallet, collect events).
 */
final class TestingEvmProvider implements AutoCloseable {
    static final Duration PERIOD = Duration.ofDays(30);

    private final TestingEvmChain chain;
    private final BillingProvider provider;
    private final TestingClock clock;
    private final TestingMetrics metrics;
    private final Path dataDirectory;
    private final List<BillingEvent> events = new ArrayList<>();
    private Optional<String> cursor = Optional.empty();

    private TestingEvmProvider(TestingEvmChain chain, BillingProvider provider, TestingClock clock, TestingMetrics metrics, Path dataDirectory) {
        this.chain = chain;
        this.provider = provider;
        this.clock = clock;
        this.metrics = metrics;
        this.dataDirectory = dataDirectory;
    }

    static TestingEvmProvider create(TestingEvmChain chain, Map<String, String> values) {
        return create(chain, values, newDirectory());
    }

    /** A provider over {@code dataDirectory}, e.g. the directory of one that was closed, as after a restart. */
    static TestingEvmProvider create(TestingEvmChain chain, Map<String, String> values, Path dataDirectory) {
        return create(chain, chain.config("chain-" + chain.chainId(), values), dataDirectory);
    }

    /** A provider of a network configured as given, e.g. without one of the role keys. */
    static TestingEvmProvider create(TestingEvmChain chain, NetworkConfig config, Path dataDirectory) {
        TestingClock clock = new TestingClock(chain.anvil().now());
        TestingMetrics metrics = new TestingMetrics();
        TestingProviderContext context = new TestingProviderContext(clock, reference -> {
            throw new IllegalStateException("no secret is resolved at run time");
        }, metrics, "billing.provider.evm.test", URI.create("http://127.0.0.1:9/unused"), dataDirectory);
        return new TestingEvmProvider(chain, new EvmBillingProviderFactory().create(config, context), clock, metrics, dataDirectory);
    }

    static Path newDirectory() {
        try {
            return Files.createTempDirectory("evm-provider-");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    BillingProvider provider() {
        return provider;
    }

    TestingMetrics metrics() {
        return metrics;
    }

    TestingClock clock() {
        return clock;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    /** Registers a new recurring plan priced in the native coin. @return its plan hash */
    String registerPlan(long price) {
        Money money = Money.of(price, provider.describe().assets().getFirst().code());
        return provider.registerPlan(new RegisterPlanRequest(new PlanDefinition("plan-" + UUID.randomUUID(), "Test plan", money, Optional.of(PERIOD), 1)))
                .providerPlanRef();
    }

    CheckoutResult checkout(String planHash, long price, Credentials payer) {
        return provider.checkout(new CheckoutRequest("checkout-" + UUID.randomUUID(), CheckoutKind.SUBSCRIPTION, "customer-1", planHash,
                Money.of(price, provider.describe().assets().getFirst().code()), Optional.of(payer.getAddress()), Optional.empty(), Map.of()));
    }

    /** Subscribes {@code payer} through its wallet and waits for the activation event. */
    BillingEvent.SubscriptionActivated subscribe(String planHash, long price, Credentials payer) {
        CheckoutResult checkout = checkout(planHash, price, payer);
        TransactionReceipt receipt = new TestingWallet(chain.anvil().web3j(), payer).send((CheckoutPayload.WalletTransaction) checkout.payload());
        assertThat(receipt.isStatusOK()).as("subscribe transaction").isTrue();
        chain.confirm();
        return awaitEvent(BillingEvent.SubscriptionActivated.class, event -> event.providerReference().equals(checkout.providerReference()));
    }

    /** Polls from where the last poll stopped, collecting every event. */
    List<BillingEvent> poll() {
        for (int page = 0; page < 100; page++) {
            EventPage result = provider.pollEvents(new PollEventsRequest(cursor, 100));
            events.addAll(result.events());
            cursor = Optional.of(result.nextCursor());
            if (result.caughtUp()) {
                break;
            }
        }
        return List.copyOf(events);
    }

    <T extends BillingEvent> T awaitEvent(Class<T> type, Predicate<T> matching) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (BillingEvent event : poll()) {
                if (type.isInstance(event) && matching.test(type.cast(event))) {
                    return type.cast(event);
                }
            }
            try {
                Thread.sleep(50);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no matching " + type.getSimpleName() + " within 15 s; events: " + events);
    }

    /** Moves chain and clock to {@code instant}. */
    void advanceTo(Instant instant) {
        clock.advanceTo(instant);
        chain.advanceTo(instant);
    }

    @Override
    public void close() {
        provider.close();
    }
}

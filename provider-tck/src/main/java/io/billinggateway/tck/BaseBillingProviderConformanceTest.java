package io.billinggateway.tck;

import io.billinggateway.router.DiscoveredFactory;
import io.billinggateway.router.NetworkConfigurationReader;
import io.billinggateway.router.PluginDiscovery;
import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingEvent.PaymentConfirmed;
import io.billinggateway.spi.BillingEvent.PaymentFailed;
import io.billinggateway.spi.BillingEvent.SubscriptionActivated;
import io.billinggateway.spi.BillingEvent.SubscriptionCancelled;
import io.billinggateway.spi.BillingEvent.SubscriptionCharged;
import io.billinggateway.spi.BillingEvent.SubscriptionChargeFailed;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.CancelResult;
import io.billinggateway.spi.CancelSubscriptionRequest;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeBatchResult;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.EventPage;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.InboundWebhook;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.PlanRegistration;
import io.billinggateway.spi.PlanStatus;
import io.billinggateway.spi.PlanStatusChange;
import io.billinggateway.spi.PollEventsRequest;
import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.Refund;
import io.billinggateway.spi.RefundRequest;
import io.billinggateway.spi.RegisterPlanRequest;
import io.billinggateway.spi.RenewalSchedule;
import io.billinggateway.spi.SkipReason;
import io.billinggateway.spi.SpiVersion;
import io.billinggateway.tck.fault.Fault;
import io.billinggateway.tck.fault.FaultInjectingBillingProvider;
import io.billinggateway.tck.fault.FaultInjection;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.billinggateway.tck.ContractAssertions.declared;
import static io.billinggateway.tck.ContractAssertions.expectError;
import static io.billinggateway.tck.ContractAssertions.required;
import static io.billinggateway.tck.ContractAssertions.undeclared;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The conformance kit: extend it once per provider to prove the provider honours the SPI.
 *
 * <p>Every test gets a freshly created provider (created exactly as the gateway creates it: the network's
 * configuration validated against the factory's declaration by the router's own reader, secrets resolved
 * from references), a fresh {@link ConformanceEnvironment}, and closes the provider afterwards.
 *
 * <p>Tests branch on the capabilities the network {@linkplain BillingProvider#describe() describes}: a
 * declared capability is exercised end to end, an undeclared one must fail with
 * {@link ErrorCode#UNSUPPORTED}, so a false claim in either direction fails a test whose message names the
 * broken contract. Test methods are final: a conformance claim holds for the whole kit or not at all.
 *
 * <pre>{@code
 * class MockFiatConformanceTest extends BaseBillingProviderConformanceTest {
 *     protected BillingProviderFactory createFactory() { return new MockFiatBillingProviderFactory(); }
 *     protected ConformanceNetwork network(ConformanceEnvironment environment) {
 *         return new ConformanceNetwork("fiat", ChainId.parse("fiat:mock"), Map.of(), Map.of("webhook-secret", "whsec_..."));
 *     }
 *     protected void actAsPayer(CheckoutResult checkout, PayerAction action, ConformanceEnvironment environment) { ... }
 * }
 * }</pre>
 *
 * <p>Some tests put the provider behind {@link FaultInjectingBillingProvider} and act as the gateway does after a
 * timeout or a transient error: they repeat the request with the same ids and check that money moves once.
 * The faults are drawn from the test's seed, so {@code -Dbilling.tck.seed=<run seed>} repeats them.
 *
 * <p>{@link ConformanceReportExtension} writes what passed per capability to {@code target/conformance-report.json}.
 */
@ExtendWith(ConformanceReportExtension.class)
public abstract class BaseBillingProviderConformanceTest {
    /** The run's seed: {@code -Dbilling.tck.seed=...} repeats a run; otherwise a new one each run. */
    private static final long RUN_SEED = Optional.ofNullable(System.getProperty("billing.tck.seed"))
            .map(Long::parseLong)
            .orElseGet(() -> new SecureRandom().nextLong());
    private static final int SHORTEST_CHECKED_SECRET = 4;
    private static final int DESCRIBE_REPETITIONS = 200;
    private static final Duration DESCRIBE_BUDGET = Duration.ofSeconds(2);
    /** How often the kit, acting as the gateway, repeats a request that failed retryably before it settles without faults. */
    private static final int RETRY_ATTEMPTS = 6;

    private TemporaryDirectory dataDirectory;
    private WebhookReceiver receiver;
    private ConformanceEnvironment environment;
    private BillingProviderFactory factory;
    private ConformanceNetwork network;
    private NetworkConfig config;
    private BillingProvider provider;
    private NetworkDescription description;
    private ConformanceReportExtension.Subject reportSubject;

    /** The factory under test, constructed as ServiceLoader would (public no-arg constructor). */
    protected abstract BillingProviderFactory createFactory();

    /** One network of the provider, configured as an operator would. */
    protected abstract ConformanceNetwork network(ConformanceEnvironment environment);

    /**
     * Acts as the payer on a checkout payload: PAY completes it successfully, DECLINE refuses/fails it. Returns
     * once the provider has accepted the action; its webhook/event may follow asynchronously.
     */
    protected abstract void actAsPayer(CheckoutResult checkout, PayerAction action, ConformanceEnvironment environment);

    /** How long to wait for an asynchronous event (webhook delivery, confirmed log). */
    protected Duration eventTimeout() {
        return Duration.ofSeconds(15);
    }

    /** The price of the plans the kit registers: by default 19.99 in the network's first asset. */
    protected Money price(NetworkDescription network) {
        return Money.of(1999, network.assets().getFirst().code());
    }

    /** The billing period of the recurring plans the kit registers. */
    protected Duration billingPeriod() {
        return Duration.ofDays(30);
    }

    /** The payer's account on the network, passed in every checkout (a funded wallet address); empty by default. */
    protected Optional<String> payerAccount(ConformanceEnvironment environment) {
        return Optional.empty();
    }

    /**
     * Moves time forward to {@code instant} for the provider and its counterpart. By default moves the kit's
     * clock; a provider whose counterpart keeps its own time (a local chain) also moves that.
     */
    protected void advanceTimeTo(Instant instant, ConformanceEnvironment environment) {
        environment.clock().advanceTo(instant);
    }

    /**
     * The data directory of a second instance of the provider, created by {@link #aProviderWithoutLocalStateAnswersAnEarlierChargeTheSame}
     * as on a new machine or after a lost volume. By default a new, empty directory: whatever the provider kept locally is
     * gone, and what it must not forget has to come from its counterpart (the chain, the PSP's API). A provider whose
     * data directory holds the counterpart itself (a simulated PSP's books, shared by every process of a network) returns
     * {@link ConformanceEnvironment#dataDirectory()}; one whose counterpart lives only inside its instance (an in-memory
     * fake) returns empty, and the scenario is skipped.
     */
    protected Optional<Path> dataDirectoryWithoutLocalState(ConformanceEnvironment environment) {
        Path empty = environment.dataDirectory().resolve("instance-without-local-state");
        try {
            return Optional.of(Files.createDirectories(empty));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot create " + empty, e);
        }
    }

    /** How long after sending a genuine webhook the kit replays it and expects a stale-timestamp rejection. */
    protected Duration webhookReplayDelay() {
        return Duration.ofDays(1).plusSeconds(1);
    }

    /**
     * The headers of a delivery that carry its signature; the kit tampers with them and removes them. By default
     * every header whose name contains {@code signature} ({@code webhook-signature}, {@code stripe-signature},
     * {@code x-hub-signature-256}).
     */
    protected Set<String> webhookSignatureHeaders(InboundWebhook delivery) {
        Set<String> names = new TreeSet<>();
        delivery.headers().keySet().stream().filter(name -> name.toLowerCase(Locale.ROOT).contains("signature")).forEach(names::add);
        return names;
    }

    /** The provider under test of the current test. */
    protected final BillingProvider provider() {
        return requireNonNull(provider, "the provider exists only while a test runs");
    }

    /** The environment of the current test. */
    protected final ConformanceEnvironment environment() {
        return requireNonNull(environment, "the environment exists only while a test runs");
    }

    /** The configuration the provider under test was created with. */
    protected final NetworkConfig networkConfig() {
        return requireNonNull(config, "the configuration exists only while a test runs");
    }

    @BeforeEach
    final void createProviderUnderTest(TestInfo test) {
        long seed = RUN_SEED ^ test.getDisplayName().hashCode() ^ test.getTestMethod().map(method -> method.getName().hashCode()).orElse(0);
        TestingClock clock = new TestingClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        dataDirectory = TemporaryDirectory.create("billing-tck-");
        receiver = WebhookReceiver.start(clock);
        environment = new ConformanceEnvironment(dataDirectory.path(), clock, receiver, eventTimeout(), seed);
        factory = requireNonNull(createFactory(), "createFactory() returned null");
        reportSubject = ConformanceReportExtension.Subject.provider(String.valueOf(factory.providerId()), String.valueOf(factory.spiVersion()), RUN_SEED, seed);
        network = requireNonNull(network(environment), "network(...) returned null");
        reportSubject = reportSubject.withNetwork(network.name(), network.chainId().toString());
        config = GatewayConfiguration.validate(factory, network);
        GatewayConfiguration gateway = GatewayConfiguration.of(factory.providerId(), network);
        environment.bind(new TestingProviderContext(clock, gateway.secretResolver(), environment.metrics(),
                "billing.provider." + factory.providerId() + "." + network.name(), receiver.url(), dataDirectory.path()));

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(factory.getClass().getClassLoader());
        try {
            provider = required("create(" + config + ")", () -> factory.create(config, environment.context()));
        }
        finally {
            thread.setContextClassLoader(previous);
        }
        description = required("describe()", provider::describe);
        reportSubject = reportSubject.withCapabilities(description.capabilities());
        environment.attach(provider, description);
    }

    /** What the report says about this test's provider; null before the factory exists. */
    ConformanceReportExtension.Subject reportSubject() {
        return reportSubject;
    }

    /** The seed every test's ids and faults derive from; {@code -Dbilling.tck.seed=...} sets it. */
    static long runSeed() {
        return RUN_SEED;
    }

    @AfterEach
    final void closeProviderUnderTest() {
        try {
            if (provider != null) {
                try {
                    provider.close();
                }
                catch (RuntimeException e) {
                    fail("close() must not throw, but threw " + e, e);
                }
            }
        }
        finally {
            provider = null;
            if (receiver != null) {
                receiver.close();
            }
            if (dataDirectory != null) {
                dataDirectory.close();
            }
        }
    }

    // ---------------------------------------------------------------- factory

    @Test
    public final void factoryDeclaresAValidIdentity() {
        SoftAssertions softly = new SoftAssertions();
        String providerId = factory.providerId();
        softly.assertThat(providerId)
                .as("providerId() must be 2-32 lower-case letters, digits or dashes, starting with a letter")
                .isNotNull()
                .matches("[a-z][a-z0-9-]{1,31}");
        String spiVersion = factory.spiVersion();
        try {
            SpiVersion parsed = SpiVersion.parse(String.valueOf(spiVersion));
            softly.assertThat(SpiVersion.host().canLoad(parsed))
                    .as("spiVersion() is " + parsed + " but a gateway with SPI " + SpiVersion.host() + " cannot load it; return SpiVersion.CURRENT")
                    .isTrue();
        }
        catch (IllegalArgumentException e) {
            softly.fail("spiVersion() must be MAJOR.MINOR (return SpiVersion.CURRENT): " + e.getMessage());
        }
        softly.assertThat(factory.capabilities()).as("capabilities() must not be null; return an empty set for none").isNotNull();

        List<ConfigKey> keys = factory.configKeys();
        softly.assertThat(keys).as("configKeys() must not be null; return an empty list for none").isNotNull();
        Set<String> names = new HashSet<>();
        for (ConfigKey key : keys == null ? List.<ConfigKey>of() : keys) {
            softly.assertThat(names.add(key.name())).as("configKeys() declares '" + key.name() + "' twice").isTrue();
            softly.assertThat(NetworkConfigurationReader.HOST_KEYS)
                    .as("configKeys() declares '" + key.name() + "', which the gateway reserves for itself")
                    .doesNotContain(key.name());
        }

        BillingProviderFactory another = createFactory();
        softly.assertThat(another).as("createFactory() must return a new factory each time").isNotSameAs(factory);
        softly.assertThat(Arrays.asList(another.providerId(), another.spiVersion(), another.capabilities(), another.configKeys()))
                .as("a factory is stateless: two instances must declare the same providerId, spiVersion, capabilities and configKeys")
                .isEqualTo(Arrays.asList(providerId, spiVersion, factory.capabilities(), keys));
        softly.assertAll();
    }

    @Test
    public final void factoryIsLoadableByServiceLoader() {
        Class<? extends BillingProviderFactory> type = factory.getClass();
        assertThat(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers()))
                .as("factory " + type.getName() + " must be a public, non-abstract class so that ServiceLoader can instantiate it")
                .isTrue();
        try {
            Constructor<?> constructor = type.getConstructor();
            assertThat(Modifier.isPublic(constructor.getModifiers())).isTrue();
        }
        catch (NoSuchMethodException e) {
            fail("factory " + type.getName() + " has no public no-argument constructor; ServiceLoader needs one");
        }

        String servicesFile = "META-INF/services/" + BillingProviderFactory.class.getName();
        List<String> registered = ServiceLoader.load(BillingProviderFactory.class, type.getClassLoader()).stream()
                .map(provider -> provider.type().getName())
                .toList();
        assertThat(registered)
                .as("factory " + type.getName() + " is not registered for ServiceLoader: add " + servicesFile + " containing the line '"
                        + type.getName() + "' to the plugin's resources (registered on this class path: " + registered + ")")
                .contains(type.getName());

        PluginDiscovery.Result discovery = new PluginDiscovery(type.getClassLoader()).discover(null);
        List<String> problems = discovery.problems().stream().filter(problem -> problem.contains(type.getName())).toList();
        assertThat(problems).as("the gateway's plugin discovery reports problems with " + type.getName()).isEmpty();
        assertThat(discovery.factories())
                .as("the gateway's plugin discovery does not load " + type.getName())
                .extracting(DiscoveredFactory::factory)
                .anySatisfy(found -> assertThat(found).isExactlyInstanceOf(type));
    }

    // ---------------------------------------------------------------- describe and health

    @Test
    @Exercises(Capability.BATCH_CHARGE)
    public final void describeMatchesTheConfiguredNetwork() {
        assertThat(description.network()).as("describe().network() must be the configured network's name").isEqualTo(network.name());
        assertThat(description.providerId()).as("describe().providerId() must be the factory's providerId").isEqualTo(factory.providerId());
        assertThat(description.chainId()).as("describe().chainId() must be the configured chain id").isEqualTo(config.chainId());
        Set<Capability> undeclared = new TreeSet<>(description.capabilities());
        undeclared.removeAll(Capability.closure(factory.capabilities()));
        assertThat(undeclared).as("describe() claims capabilities that the factory does not declare").isEmpty();
        assertThat(description.assets()).as("describe() must offer at least one asset").isNotEmpty();
        assertThat(description.maxBatchSize()).as("describe().maxBatchSize() must be at least 1").isGreaterThanOrEqualTo(1);
        assertThat(description.confirmations()).as("describe().confirmations() must not be negative").isGreaterThanOrEqualTo(0);
        if (description.supports(Capability.BATCH_CHARGE)) {
            assertThat(description.maxBatchSize())
                    .as("capability BATCH_CHARGE is declared (several subscriptions charged in one call) but describe().maxBatchSize() is 1")
                    .isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    public final void describeIsCheapAndStable() {
        long started = System.nanoTime();
        for (int call = 0; call < DESCRIBE_REPETITIONS; call++) {
            NetworkDescription again = required("describe()", provider::describe);
            assertThat(again).as("describe() must return the same description every time (call " + (call + 2) + ")").isEqualTo(description);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(elapsed)
                .as("describe() is called on every catalog and routing request and must answer from memory; " + DESCRIBE_REPETITIONS + " calls took " + elapsed)
                .isLessThan(DESCRIBE_BUDGET);
    }

    @Test
    public final void healthNeverThrowsAndRevealsNoSecret() {
        for (int call = 0; call < 3; call++) {
            HealthReport report;
            try {
                report = provider.health();
            }
            catch (RuntimeException e) {
                report = fail("health() must never throw (report a failure as DOWN) but threw " + e, e);
            }
            assertThat(report).as("health() must return a report, not null").isNotNull();
            List<String> texts = new ArrayList<>();
            texts.add(report.status().name());
            report.activeEndpoint().ifPresent(texts::add);
            report.details().forEach((key, value) -> {
                texts.add(key);
                texts.add(value);
            });
            assertNoSecretIn("health()", texts);
        }
    }

    // ---------------------------------------------------------------- plans

    @Test
    @Exercises(Capability.PLAN_SIGNATURES)
    public final void registerPlanIsIdempotentPerPlanAndVersion() {
        PlanDefinition plan = plan(preferredPlanKind());
        PlanRegistration first = required("registerPlan(" + plan + ")", () -> provider.registerPlan(new RegisterPlanRequest(plan)));
        PlanRegistration second = required("registerPlan(" + plan + ") again", () -> provider.registerPlan(new RegisterPlanRequest(plan)));
        assertThat(second.providerPlanRef())
                .as("registerPlan must be idempotent per planId and version: registering the same plan again returned another providerPlanRef")
                .isEqualTo(first.providerPlanRef());
        if (description.supports(Capability.PLAN_SIGNATURES)) {
            assertThat(first.planHash()).as("capability PLAN_SIGNATURES is declared but registerPlan returned no planHash").isPresent();
            assertThat(first.authorSignature()).as("capability PLAN_SIGNATURES is declared but registerPlan returned no authorSignature").isPresent();
        }

        PlanDefinition newTerms = new PlanDefinition(plan.planId(), plan.name(), plan.price().plus(Money.of(1, plan.price().asset())),
                plan.billingPeriod(), plan.version() + 1);
        PlanRegistration changed = required("registerPlan of version " + newTerms.version(), () -> provider.registerPlan(new RegisterPlanRequest(newTerms)));
        assertThat(changed.providerPlanRef())
                .as("a new version of a plan (new terms) must be registered anew, never reusing the providerPlanRef (and the consent) of the old terms")
                .isNotEqualTo(first.providerPlanRef());
    }

    @Test
    public final void changePlanStatusRoundTrips() {
        PlanRegistration registration = registerPlan(preferredPlanKind());
        String ref = registration.providerPlanRef();
        for (PlanStatus target : List.of(PlanStatus.INACTIVE, PlanStatus.FROZEN, PlanStatus.ACTIVE, PlanStatus.ACTIVE)) {
            PlanStatusChange change = required("changePlanStatus(" + ref + " -> " + target + ")",
                    () -> provider.changePlanStatus(new ChangePlanStatusRequest(ref, target)));
            assertThat(change.providerPlanRef()).as("changePlanStatus must answer for the plan it changed").isEqualTo(ref);
            assertThat(change.status()).as("changePlanStatus(" + target + ") must report the plan's new status").isEqualTo(target);
        }
        String unknown = environment.newId("unknown-plan");
        expectError(ErrorCode.NOT_FOUND, "changePlanStatus of a plan never registered", "the plan is not registered on this network",
                () -> provider.changePlanStatus(new ChangePlanStatusRequest(unknown, PlanStatus.INACTIVE)));
    }

    // ---------------------------------------------------------------- checkout

    @Test
    public final void checkoutIsIdempotentPerCheckoutId() {
        CheckoutKind kind = supportedCheckoutKind();
        PlanRegistration plan = registerPlan(kind);
        CheckoutRequest request = checkoutRequest(kind, plan, price());
        CheckoutResult first = required("checkout(" + kind + ")", () -> provider.checkout(request));
        CheckoutResult second = required("checkout(" + kind + ") repeated with the same checkoutId", () -> provider.checkout(request));
        assertThat(second.providerReference())
                .as("checkout must be idempotent per checkoutId: a repeated checkoutId must return the same providerReference, not start a second payment")
                .isEqualTo(first.providerReference());
        assertThat(second.payload().getClass())
                .as("a repeated checkoutId must return an equivalent payload")
                .isEqualTo(first.payload().getClass());
    }

    @Test
    @Exercises(Capability.ONE_TIME_PAYMENT)
    public final void oneTimePaymentFollowsDeclaration() {
        if (!description.supports(Capability.ONE_TIME_PAYMENT)) {
            CheckoutRequest request = checkoutRequest(CheckoutKind.ONE_TIME, planForUnsupportedCheckout(CheckoutKind.ONE_TIME), price());
            undeclared(Capability.ONE_TIME_PAYMENT, "checkout(ONE_TIME)", () -> provider.checkout(request));
            return;
        }
        PaymentConfirmed confirmed = completeOneTimePayment();
        assertThat(confirmed.amount()).as("PaymentConfirmed must carry the amount paid").isEqualTo(price());
    }

    @Test
    @Exercises(Capability.RECURRING_CHARGE)
    public final void subscriptionCheckoutFollowsDeclaration() {
        if (!description.supports(Capability.RECURRING_CHARGE)) {
            CheckoutRequest request = checkoutRequest(CheckoutKind.SUBSCRIPTION, planForUnsupportedCheckout(CheckoutKind.SUBSCRIPTION), price());
            undeclared(Capability.RECURRING_CHARGE, "checkout(SUBSCRIPTION)", () -> provider.checkout(request));
            return;
        }
        ActiveSubscription subscription = activateSubscription();
        assertThat(subscription.periodStart())
                .as("the next period of a new subscription must start after it was activated")
                .isAfter(subscription.activatedAt().minusMillis(1));
    }

    @Test
    public final void declinedPaymentFails() {
        CheckoutKind kind = supportedCheckoutKind();
        PlanRegistration plan = registerPlan(kind);
        CheckoutResult checkout = required("checkout(" + kind + ")", () -> provider.checkout(checkoutRequest(kind, plan, price())));
        actAsPayer(checkout, PayerAction.DECLINE, environment);
        PaymentFailed failed = environment.awaitEvent(PaymentFailed.class, event -> event.providerReference().equals(checkout.providerReference()),
                "PaymentFailed event for providerReference " + checkout.providerReference() + " after the payer declined");
        assertThat(failed.code())
                .as("PaymentFailed means the payment failed finally; a transport error code says nothing about the payer's decision")
                .isNotIn(ErrorCode.NETWORK_UNAVAILABLE, ErrorCode.TIMEOUT);
        assertThat(environment.events())
                .as("a declined checkout must not also be confirmed")
                .noneMatch(event -> event instanceof PaymentConfirmed confirmed && confirmed.providerReference().equals(checkout.providerReference()));
    }

    // ---------------------------------------------------------------- recurring charges

    @Test
    @Exercises(Capability.RECURRING_CHARGE)
    public final void chargingTheSamePeriodTwiceMovesMoneyOnce() {
        if (!description.supports(Capability.RECURRING_CHARGE)) {
            ChargeBatchRequest request = new ChargeBatchRequest(List.of(new ChargeItem(environment.newId("subscription"), environment.clock().instant(), price())));
            undeclared(Capability.RECURRING_CHARGE, "chargeBatch", () -> provider.chargeBatch(request));
            return;
        }
        ActiveSubscription subscription = activateSubscription();
        advanceTimeTo(subscription.periodStart(), environment);
        ChargeItem item = subscription.dueItem();

        ChargeOutcome.Charged first = finalCharge(item, charge(item));
        assertThat(first.amount()).as("Charged must carry the amount of the charged item").isEqualTo(item.amount());

        ChargeOutcome again = charge(item);
        switch (again) {
            case ChargeOutcome.Charged charged -> assertThat(charged.transactionRef())
                    .as("charging the same (subscriptionRef, periodStart) again moved money twice: the first charge was " + first.transactionRef()
                            + ", the second " + charged.transactionRef() + "; a repeated period must report the same transactionRef or Skipped(NOT_DUE)")
                    .isEqualTo(first.transactionRef());
            case ChargeOutcome.Pending pending -> assertThat(pending.transactionRef())
                    .as("charging the same period again started a new transaction " + pending.transactionRef() + " after " + first.transactionRef())
                    .isEqualTo(first.transactionRef());
            case ChargeOutcome.Skipped skipped -> assertThat(skipped.reason())
                    .as("charging an already charged period must be Skipped(NOT_DUE) or Charged with the same transactionRef")
                    .isEqualTo(SkipReason.NOT_DUE);
            case ChargeOutcome.Failed failed -> fail("charging an already charged period must be Charged with the same transactionRef "
                    + first.transactionRef() + " or Skipped(NOT_DUE), but it failed: " + failed);
        }
    }

    /**
     * Issue 13: a provider never forgets a charge. A second instance with no local state (a new machine, a lost volume, a
     * crash between paying and writing its state), asked for a period the first one charged, answers the same
     * {@code Charged} (transaction, amount, next charge time) from its counterpart's record, and moves no money.
     */
    @Test
    @Exercises(Capability.RECURRING_CHARGE)
    public final void aProviderWithoutLocalStateAnswersAnEarlierChargeTheSame() {
        assumeTrue(description.supports(Capability.RECURRING_CHARGE), "RECURRING_CHARGE is not declared (checked by chargingTheSamePeriodTwiceMovesMoneyOnce)");
        Optional<Path> emptyDirectory = dataDirectoryWithoutLocalState(environment);
        assumeTrue(emptyDirectory.isPresent(), "the provider's counterpart lives only inside its instance, so no second instance can ask it");
        ActiveSubscription subscription = activateSubscription();
        advanceTimeTo(subscription.periodStart(), environment);
        ChargeItem item = subscription.dueItem();
        ChargeOutcome.Charged first = finalCharge(item, charge(item));

        ProviderContext context = environment.context();
        BillingProvider another = required("create(" + config + ") of a second instance over " + emptyDirectory.get(), () -> factory.create(config,
                new TestingProviderContext(context.clock(), context.secrets(), context.metrics(), context.loggerName(), context.webhookUrl(),
                        emptyDirectory.get())));
        try {
            ChargeOutcome again = required("chargeBatch of " + item + " by a second instance", () -> another.chargeBatch(new ChargeBatchRequest(List.of(item))))
                    .outcomes().getFirst();
            assertThat(again)
                    .as("a provider instance with no local state, asked for a period that was charged in " + first.transactionRef()
                            + ", must answer the same Charged from its counterpart's record (a repeat returns the same result), got " + again)
                    .isInstanceOfSatisfying(ChargeOutcome.Charged.class, charged -> {
                        assertThat(charged.transactionRef()).as("the transaction of the earlier charge").isEqualTo(first.transactionRef());
                        assertThat(charged.amount()).as("the amount of the earlier charge").isEqualTo(first.amount());
                        assertThat(charged.nextChargeAt()).as("the next charge time of the earlier charge").isEqualTo(first.nextChargeAt());
                    });
        }
        finally {
            another.close();
        }
    }

    /**
     * The gateway's renewal policy ({@link RenewalSchedule}): a renewal more than a period late is charged once, the
     * schedule restarts from the charge, and the missed periods are never charged afterwards.
     */
    @Test
    @Exercises(Capability.RECURRING_CHARGE)
    public final void aLateRenewalIsChargedOnceAndRestartsFromTheCharge() {
        assumeTrue(description.supports(Capability.RECURRING_CHARGE), "RECURRING_CHARGE is not declared (checked by chargingTheSamePeriodTwiceMovesMoneyOnce)");
        ActiveSubscription subscription = activateSubscription();
        Duration period = billingPeriod();
        Instant late = subscription.periodStart().plus(period.multipliedBy(3)).plus(period.dividedBy(6));
        advanceTimeTo(late, environment);
        ChargeItem item = subscription.dueItem();

        ChargeOutcome.Charged charged = finalCharge(item, charge(item));

        charged.nextChargeAt().ifPresent(next -> assertThat(next)
                .as("a renewal more than a period late must restart the schedule from the charge (" + late + " + " + period + "), but the provider "
                        + "reported its next charge at " + next + "; a schedule anchored on the missed period keeps the subscription due and charges it again "
                        + "and again to catch up (see RenewalSchedule)")
                .isAfterOrEqualTo(late.plus(period))
                .isBefore(environment.clock().instant().plus(period).plus(Duration.ofHours(1))));
        for (int missed = 1; missed <= 3; missed++) {
            ChargeItem missedPeriod = new ChargeItem(subscription.subscriptionRef(), subscription.periodStart().plus(period.multipliedBy(missed)), subscription.amount());
            ChargeOutcome outcome = charge(missedPeriod);
            assertThat(outcome)
                    .as("a renewal more than a period late must restart the schedule from the charge, and the periods it missed (" + missedPeriod.periodStart()
                            + ") are never charged afterwards: expected Skipped(NOT_DUE), got " + outcome)
                    .isInstanceOfSatisfying(ChargeOutcome.Skipped.class, skipped -> assertThat(skipped.reason()).isEqualTo(SkipReason.NOT_DUE));
        }
    }

    /**
     * The gateway's renewal policy for frozen plans: new terms of a plan are registered as a new version with a reference
     * of its own, and freezing a version's reference stops the renewals of that version's subscribers
     * ({@code Skipped(PLAN_INACTIVE)}), whatever newer versions exist; reactivating it renews them again.
     */
    @Test
    @Exercises(Capability.RECURRING_CHARGE)
    public final void freezingAnEarlierTermsVersionStopsItsRenewals() {
        assumeTrue(description.supports(Capability.RECURRING_CHARGE), "RECURRING_CHARGE is not declared (checked by chargingTheSamePeriodTwiceMovesMoneyOnce)");
        PlanDefinition terms = plan(CheckoutKind.SUBSCRIPTION);
        PlanRegistration earlier = required("registerPlan(" + terms + ")", () -> provider.registerPlan(new RegisterPlanRequest(terms)));
        ActiveSubscription subscription = activateSubscription(earlier);
        PlanDefinition newer = new PlanDefinition(terms.planId(), terms.name(), new Money(terms.price().minorUnits().add(java.math.BigInteger.ONE),
                terms.price().asset()), terms.billingPeriod(), terms.version() + 1);
        PlanRegistration later = required("registerPlan(" + newer + ")", () -> provider.registerPlan(new RegisterPlanRequest(newer)));
        assertThat(later.providerPlanRef())
                .as("new terms of a plan (version %d) must be registered under a reference of their own: subscribers of version %d keep renewing on theirs",
                        newer.version(), terms.version())
                .isNotEqualTo(earlier.providerPlanRef());

        required("changePlanStatus(" + earlier.providerPlanRef() + ", FROZEN)",
                () -> provider.changePlanStatus(new ChangePlanStatusRequest(earlier.providerPlanRef(), PlanStatus.FROZEN)));
        advanceTimeTo(subscription.periodStart(), environment);
        ChargeOutcome whileFrozen = charge(subscription.dueItem());
        assertThat(whileFrozen)
                .as("a subscriber of frozen terms must not be renewed, even though newer terms of the plan are active: expected Skipped(PLAN_INACTIVE), got "
                        + whileFrozen)
                .isInstanceOfSatisfying(ChargeOutcome.Skipped.class, skipped -> assertThat(skipped.reason()).isEqualTo(SkipReason.PLAN_INACTIVE));

        required("changePlanStatus(" + earlier.providerPlanRef() + ", ACTIVE)",
                () -> provider.changePlanStatus(new ChangePlanStatusRequest(earlier.providerPlanRef(), PlanStatus.ACTIVE)));
        ChargeOutcome.Charged charged = finalCharge(subscription.dueItem(), charge(subscription.dueItem()));
        assertThat(charged.amount()).as("renewed on its own terms").isEqualTo(subscription.amount());
    }

    /**
     * The gateway owns the one retry budget: when it is spent, {@code cancelSubscription(RETRIES_EXHAUSTED)} must end the
     * subscription at once ({@code Cancelled}), not start a budget of the provider's own, and no later charge moves money.
     */
    @Test
    @Exercises(Capability.RECURRING_CHARGE)
    public final void aSpentRetryBudgetEndsTheSubscriptionAtOnce() {
        assumeTrue(description.supports(Capability.RECURRING_CHARGE), "RECURRING_CHARGE is not declared (checked by cancelledSubscriptionIsNeverChargedAgain)");
        ActiveSubscription subscription = activateSubscription();
        CancelSubscriptionRequest request = new CancelSubscriptionRequest(subscription.subscriptionRef(), CancelSubscriptionRequest.Initiator.RETRIES_EXHAUSTED);

        CancelResult result = declared(Capability.RECURRING_CHARGE, "cancelSubscription(RETRIES_EXHAUSTED)", () -> provider.cancelSubscription(request));

        assertThat(result)
                .as("the gateway's retry budget is spent: cancelSubscription(RETRIES_EXHAUSTED) must end the subscription at once (Cancelled), "
                        + "not keep it active under a retry budget of the provider's own; got " + result)
                .isInstanceOf(CancelResult.Cancelled.class);
        advanceTimeTo(subscription.periodStart(), environment);
        ChargeOutcome outcome = charge(subscription.dueItem());
        assertThat(outcome)
                .as("a subscription ended by a spent retry budget must never be charged: expected Skipped(SUBSCRIPTION_INACTIVE) or a non-retryable Failed")
                .satisfiesAnyOf(
                        charged -> assertThat(charged).isInstanceOfSatisfying(ChargeOutcome.Skipped.class,
                                skipped -> assertThat(skipped.reason()).isEqualTo(SkipReason.SUBSCRIPTION_INACTIVE)),
                        charged -> assertThat(charged).isInstanceOfSatisfying(ChargeOutcome.Failed.class, failed -> assertThat(failed.retryable()).isFalse()));
    }

    @Test
    @Exercises(Capability.RECURRING_CHARGE)
    public final void chargeBatchReportsOneOutcomePerItemInOrder() {
        assumeTrue(description.supports(Capability.RECURRING_CHARGE), "RECURRING_CHARGE is not declared (checked by chargingTheSamePeriodTwiceMovesMoneyOnce)");
        ActiveSubscription subscription = activateSubscription();
        advanceTimeTo(subscription.periodStart(), environment);
        ChargeItem unknown = new ChargeItem(environment.newId("unknown-subscription"), subscription.periodStart(), subscription.amount());
        List<ChargeItem> items = description.maxBatchSize() >= 2 ? List.of(unknown, subscription.dueItem()) : List.of(unknown);

        ChargeBatchResult result = required("chargeBatch of " + items.size() + " items", () -> provider.chargeBatch(new ChargeBatchRequest(items)));
        assertThat(result.outcomes())
                .as("chargeBatch must return exactly one outcome per item (" + items.size() + " items)")
                .hasSize(items.size());
        for (int index = 0; index < items.size(); index++) {
            assertThat(result.outcomes().get(index).subscriptionRef())
                    .as("outcome " + index + " must be about item " + index + ": outcomes are in request order")
                    .isEqualTo(items.get(index).subscriptionRef());
        }
        assertThat(result.outcomes().getFirst())
                .as("a subscription the provider never created cannot be charged; it must be Skipped or Failed (not retryable)")
                .satisfiesAnyOf(
                        outcome -> assertThat(outcome).isInstanceOf(ChargeOutcome.Skipped.class),
                        outcome -> assertThat(outcome).isInstanceOfSatisfying(ChargeOutcome.Failed.class, failed -> assertThat(failed.retryable()).isFalse()));
        if (items.size() == 2) {
            assertThat(result.outcomes().get(1))
                    .as("one unknown subscription in a batch must not fail the others: the due item was not charged")
                    .isInstanceOfAny(ChargeOutcome.Charged.class, ChargeOutcome.Pending.class);
        }
    }

    @Test
    @Exercises(Capability.RECURRING_CHARGE)
    public final void cancelledSubscriptionIsNeverChargedAgain() {
        if (!description.supports(Capability.RECURRING_CHARGE)) {
            CancelSubscriptionRequest request = new CancelSubscriptionRequest(environment.newId("subscription"), CancelSubscriptionRequest.Initiator.OPERATOR);
            undeclared(Capability.RECURRING_CHARGE, "cancelSubscription", () -> provider.cancelSubscription(request));
            return;
        }
        ActiveSubscription subscription = activateSubscription();
        CancelSubscriptionRequest request = new CancelSubscriptionRequest(subscription.subscriptionRef(), CancelSubscriptionRequest.Initiator.OPERATOR);
        CancelResult result = declared(Capability.RECURRING_CHARGE, "cancelSubscription", () -> provider.cancelSubscription(request));
        assertThat(result).as("cancelSubscription returned null").isNotNull();
        assertThat(result.subscriptionRef()).as("cancelSubscription must answer for the subscription it cancelled").isEqualTo(subscription.subscriptionRef());
        if (result instanceof CancelResult.ActionRequired actionRequired) {
            actAsPayer(new CheckoutResult(subscription.subscriptionRef(), actionRequired.payload(), Optional.empty()), PayerAction.PAY, environment);
            environment.awaitEvent(SubscriptionCancelled.class, event -> event.subscriptionRef().equals(subscription.subscriptionRef()),
                    "SubscriptionCancelled event for " + subscription.subscriptionRef() + " after the subscriber acted on cancelSubscription's payload");
        }
        declared(Capability.RECURRING_CHARGE, "cancelSubscription of an already cancelled subscription (must be a no-op)",
                () -> provider.cancelSubscription(request));

        advanceTimeTo(subscription.periodStart(), environment);
        ChargeOutcome outcome = charge(subscription.dueItem());
        assertThat(outcome)
                .as("a cancelled subscription must never be charged: expected Skipped(SUBSCRIPTION_INACTIVE) or a non-retryable Failed")
                .satisfiesAnyOf(
                        charged -> assertThat(charged).isInstanceOfSatisfying(ChargeOutcome.Skipped.class,
                                skipped -> assertThat(skipped.reason()).isEqualTo(SkipReason.SUBSCRIPTION_INACTIVE)),
                        charged -> assertThat(charged).isInstanceOfSatisfying(ChargeOutcome.Failed.class, failed -> assertThat(failed.retryable()).isFalse()));
    }

    // ---------------------------------------------------------------- refunds

    @Test
    @Exercises(Capability.REFUND)
    public final void fullRefundFollowsDeclaration() {
        if (!description.supports(Capability.REFUND)) {
            String paymentRef = paymentIfAny().map(ConfirmedPayment::transactionRef).orElseGet(() -> environment.newId("payment"));
            RefundRequest request = new RefundRequest(environment.newId("refund"), paymentRef, Optional.empty(), "conformance: full refund");
            undeclared(Capability.REFUND, "refund() of a whole payment", () -> provider.refund(request));
            return;
        }
        ConfirmedPayment payment = payment(Capability.REFUND);
        RefundRequest request = new RefundRequest(environment.newId("refund"), payment.transactionRef(), Optional.empty(), "conformance: full refund");
        Refund refund = declared(Capability.REFUND, "refund() of a whole payment", () -> provider.refund(request));
        assertThat(refund).as("refund() returned null").isNotNull();
        assertThat(refund.paymentRef()).as("a refund must name the payment it refunds").isEqualTo(payment.transactionRef());
        assertThat(refund.amount()).as("a refund without an amount returns everything paid").isEqualTo(payment.amount());

        Refund repeated = declared(Capability.REFUND, "refund() repeated with the same refundId", () -> provider.refund(request));
        assertThat(repeated.refundRef())
                .as("refund must be idempotent by refundId: the same refundId returned refundRef " + refund.refundRef() + " then " + repeated.refundRef())
                .isEqualTo(refund.refundRef());

        RefundRequest another = new RefundRequest(environment.newId("refund"), payment.transactionRef(), Optional.empty(), "conformance: second full refund");
        expectError(ErrorCode.CONFLICT, "refund() of an already fully refunded payment", "nothing is left to refund", () -> provider.refund(another));
    }

    @Test
    @Exercises({Capability.PARTIAL_REFUND, Capability.REFUND})
    public final void partialRefundFollowsDeclaration() {
        Optional<ConfirmedPayment> payment = description.supports(Capability.REFUND) ? Optional.of(payment(Capability.REFUND)) : paymentIfAny();
        String paymentRef = payment.map(ConfirmedPayment::transactionRef).orElseGet(() -> environment.newId("payment"));
        Money paid = payment.map(ConfirmedPayment::amount).orElseGet(this::price);
        Money third = new Money(paid.minorUnits().divide(BigInteger.valueOf(3)).max(BigInteger.ONE), paid.asset());
        RefundRequest partial = new RefundRequest(environment.newId("refund"), paymentRef, Optional.of(third), "conformance: partial refund");
        if (!description.supports(Capability.PARTIAL_REFUND)) {
            undeclared(Capability.PARTIAL_REFUND, "refund() of a partial amount (" + third + " of " + paid + ")", () -> provider.refund(partial));
            return;
        }
        Refund first = declared(Capability.PARTIAL_REFUND, "refund() of a partial amount (" + third + " of " + paid + ")", () -> provider.refund(partial));
        assertThat(first.amount()).as("a partial refund must return the amount asked for").isEqualTo(third);

        Money left = paid.minus(third);
        Money tooMuch = left.plus(Money.of(1, paid.asset()));
        RefundRequest overRefund = new RefundRequest(environment.newId("refund"), paymentRef, Optional.of(tooMuch), "conformance: over-refund");
        expectError(ErrorCode.CONFLICT, "refund() of " + tooMuch + " when " + left + " is left", "the amount exceeds what is left to refund",
                () -> provider.refund(overRefund));

        RefundRequest rest = new RefundRequest(environment.newId("refund"), paymentRef, Optional.of(left), "conformance: rest");
        Refund second = declared(Capability.PARTIAL_REFUND, "a second partial refund of the " + left + " left", () -> provider.refund(rest));
        assertThat(second.amount()).as("a second partial refund must return the amount asked for").isEqualTo(left);
    }

    // ---------------------------------------------------------------- webhooks and events

    @Test
    @Exercises(Capability.WEBHOOKS)
    public final void webhookSignaturesAreVerified() {
        if (!description.supports(Capability.WEBHOOKS)) {
            InboundWebhook webhook = new InboundWebhook(Map.of("content-type", List.of("application/json")), "{}".getBytes(StandardCharsets.UTF_8), environment.clock().instant());
            undeclared(Capability.WEBHOOKS, "parseWebhook", () -> provider.parseWebhook(webhook));
            return;
        }
        InboundWebhook genuine = genuineDelivery();
        List<BillingEvent> events = declared(Capability.WEBHOOKS, "parseWebhook of a genuine delivery", () -> provider.parseWebhook(genuine));
        assertThat(events).as("parseWebhook of a genuine delivery returned null").isNotNull();

        expectSignatureInvalid("a delivery whose body was changed after signing", Webhooks.withTamperedBody(genuine));
        Set<String> signatureHeaders = webhookSignatureHeaders(genuine);
        assertThat(signatureHeaders)
                .as("the kit finds no signature header in the genuine delivery (headers: " + genuine.headers().keySet()
                        + "); override webhookSignatureHeaders() to name them")
                .isNotEmpty();
        for (String header : signatureHeaders) {
            expectSignatureInvalid("a delivery whose " + header + " header was tampered with", Webhooks.withTamperedHeader(genuine, header));
        }
        expectSignatureInvalid("a delivery without its signature headers " + signatureHeaders, Webhooks.withoutHeaders(genuine, signatureHeaders));
    }

    @Test
    @Exercises(Capability.WEBHOOKS)
    public final void webhookReplayedOutsideTheToleranceIsRejected() {
        assumeTrue(description.supports(Capability.WEBHOOKS), "WEBHOOKS is not declared (checked by webhookSignaturesAreVerified)");
        InboundWebhook genuine = genuineDelivery();
        environment.clock().advance(webhookReplayDelay());
        InboundWebhook replay = new InboundWebhook(genuine.headers(), genuine.body(), environment.clock().instant());
        expectSignatureInvalid("a genuine delivery replayed " + webhookReplayDelay() + " after it was sent (its timestamp is outside any tolerance window)", replay);
    }

    @Test
    @Exercises(Capability.WEBHOOKS)
    public final void duplicateWebhookDeliveryYieldsTheSameEvents() {
        assumeTrue(description.supports(Capability.WEBHOOKS), "WEBHOOKS is not declared (checked by webhookSignaturesAreVerified)");
        InboundWebhook genuine = genuineDelivery();
        List<String> first = eventIds(declared(Capability.WEBHOOKS, "parseWebhook of a genuine delivery", () -> provider.parseWebhook(genuine)));
        List<String> second = eventIds(declared(Capability.WEBHOOKS, "parseWebhook of the same delivery again (a PSP redelivers; the gateway deduplicates by event id)",
                () -> provider.parseWebhook(genuine)));
        assertThat(first).as("a genuine delivery carrying a payment event parsed into no events").isNotEmpty();
        assertThat(second).as("a duplicate delivery of the same webhook must yield the same event ids, so the gateway applies it once").isEqualTo(first);
    }

    @Test
    @Exercises(Capability.EVENT_POLLING)
    public final void eventPollingFollowsDeclaration() {
        if (!description.supports(Capability.EVENT_POLLING)) {
            undeclared(Capability.EVENT_POLLING, "pollEvents", () -> provider.pollEvents(new PollEventsRequest(Optional.empty(), 10)));
            return;
        }
        String reference = completeAnyPayment();
        List<BillingEvent> fromStart = pollAll(Optional.empty());
        assertThat(fromStart)
                .as("pollEvents from the beginning must include the event of the payment just completed (" + reference + ")")
                .anyMatch(event -> mentions(event, reference));
        List<String> again = eventIds(pollAll(Optional.empty()));
        assertThat(again).as("polling the same range again must yield the same event ids (ids are stable)").containsAll(eventIds(fromStart));

        EventPage last = required("pollEvents", () -> provider.pollEvents(new PollEventsRequest(Optional.empty(), Integer.MAX_VALUE)));
        EventPage after = required("pollEvents after the last cursor", () -> provider.pollEvents(new PollEventsRequest(Optional.of(last.nextCursor()), 100)));
        assertThat(eventIds(after.events()))
                .as("pollEvents after a cursor must return only events after it, not events already returned before it")
                .doesNotContainAnyElementsOf(eventIds(last.events()));
    }

    // ---------------------------------------------------------------- under faults

    @Test
    @Exercises(Capability.RECURRING_CHARGE)
    public final void chargeRetriedAfterTimeoutsMovesMoneyOnce() {
        assumeTrue(description.supports(Capability.RECURRING_CHARGE), "RECURRING_CHARGE is not declared (checked by chargingTheSamePeriodTwiceMovesMoneyOnce)");
        ActiveSubscription subscription = activateSubscription();
        advanceTimeTo(subscription.periodStart(), environment);
        ChargeItem item = subscription.dueItem();
        Set<String> chargedBefore = renewalTransactions(subscription);
        FaultInjection faults = retryFaults();

        String contract = "charging the same (subscriptionRef, periodStart) again after a TIMEOUT";
        ChargeOutcome answered = retriedAsTheGateway(contract, faults, flaky -> single(item, flaky.chargeBatch(new ChargeBatchRequest(List.of(item)))));
        ChargeOutcome settled = settled(contract + " (without faults)", faults, () -> single(item, provider.chargeBatch(new ChargeBatchRequest(List.of(item)))));

        Set<String> transactions = new LinkedHashSet<>();
        boolean reportedAsCharged = false;
        for (ChargeOutcome outcome : List.of(answered, settled)) {
            switch (outcome) {
                case ChargeOutcome.Charged charged -> transactions.add(charged.transactionRef());
                case ChargeOutcome.Pending pending -> transactions.add(pending.transactionRef());
                case ChargeOutcome.Skipped skipped -> {
                    assertThat(skipped.reason())
                            .as(contract + " may only be Skipped(NOT_DUE), because the period was charged; got " + skipped + " after injected faults " + faults.log())
                            .isEqualTo(SkipReason.NOT_DUE);
                    reportedAsCharged = true;
                }
                case ChargeOutcome.Failed failed -> failRepeat(contract, faults, "failed for a funded subscription: " + failed, null);
            }
        }
        Set<String> renewals = renewalTransactions(subscription);
        renewals.removeAll(chargedBefore);
        transactions.addAll(renewals);
        assertThat(transactions)
                .as(contract + " moved money more than once: transactions " + transactions
                        + " (from the answers and the SubscriptionCharged events) after injected faults " + faults.log() + "; a repeated period must be "
                        + "answered with the first charge's transactionRef or Skipped(NOT_DUE). " + repeatHint(faults))
                .hasSizeLessThanOrEqualTo(1);
        assertThat(transactions.size() == 1 || reportedAsCharged)
                .as("the due period was never charged (no Charged, Pending or Skipped(NOT_DUE) answer), although the charge was retried after faults " + faults.log())
                .isTrue();
    }

    @Test
    public final void checkoutRetriedAfterTimeoutsStartsOnePayment() {
        CheckoutKind kind = supportedCheckoutKind();
        PlanRegistration plan = registerPlan(kind);
        CheckoutRequest request = checkoutRequest(kind, plan, price());
        FaultInjection faults = retryFaults();

        String contract = "checkout(" + kind + ") repeated with the same checkoutId after a TIMEOUT";
        CheckoutResult answered = retriedAsTheGateway(contract, faults, flaky -> flaky.checkout(request));
        CheckoutResult settled = settled(contract + " (without faults)", faults, () -> provider.checkout(request));

        Set<String> references = new LinkedHashSet<>();
        List.of(answered, settled).forEach(result -> references.add(result.providerReference()));
        assertThat(references)
                .as(contract + " started " + references.size() + " payments " + references
                        + " after injected faults " + faults.log() + "; a repeated checkoutId must return the first checkout's providerReference. " + repeatHint(faults))
                .hasSize(1);
    }

    @Test
    @Exercises({Capability.REFUND, Capability.PARTIAL_REFUND})
    public final void refundRetriedAfterTimeoutsRefundsOnce() {
        assumeTrue(description.supports(Capability.REFUND), "REFUND is not declared (checked by fullRefundFollowsDeclaration)");
        ConfirmedPayment payment = payment(Capability.REFUND);
        boolean partial = description.supports(Capability.PARTIAL_REFUND);
        Money third = new Money(payment.amount().minorUnits().divide(BigInteger.valueOf(3)).max(BigInteger.ONE), payment.amount().asset());
        RefundRequest request = new RefundRequest(environment.newId("refund"), payment.transactionRef(), partial ? Optional.of(third) : Optional.empty(),
                "conformance: refund retried after a timeout");
        FaultInjection faults = retryFaults();

        String contract = "refund() of " + (partial ? third : "the whole payment") + " repeated with the same refundId after a TIMEOUT";
        Refund answered = retriedAsTheGateway(contract, faults, flaky -> flaky.refund(request));
        Refund settled = settled(contract + " (without faults)", faults, () -> provider.refund(request));

        Set<String> refunds = new LinkedHashSet<>();
        List.of(answered, settled).forEach(refund -> refunds.add(refund.refundRef()));
        assertThat(refunds)
                .as(contract + " refunded " + refunds.size() + " times " + refunds + " after injected faults "
                        + faults.log() + "; a repeated refundId must return the first refund and move nothing. " + repeatHint(faults))
                .hasSize(1);
        if (partial) {
            Money rest = payment.amount().minus(third);
            RefundRequest remainder = new RefundRequest(environment.newId("refund"), payment.transactionRef(), Optional.of(rest), "conformance: the rest");
            Refund last = declared(Capability.PARTIAL_REFUND, "refund() of the " + rest + " left after one partial refund of " + third
                    + " that was retried after a TIMEOUT (if it failed, the retry refunded twice)", () -> provider.refund(remainder));
            assertThat(last.amount()).as("the last partial refund must return the amount asked for").isEqualTo(rest);
        }
    }

    @Test
    @Exercises(Capability.WEBHOOKS)
    public final void duplicateAndReorderedDeliveriesYieldTheSameEvents() {
        assumeTrue(description.supports(Capability.WEBHOOKS), "WEBHOOKS is not declared (checked by webhookSignaturesAreVerified)");
        String first = completeAnyPayment();
        String second = completeAnyPayment();
        environment.awaitDelivery(event -> mentions(event, first), "an event about " + first);
        environment.awaitDelivery(event -> mentions(event, second), "an event about " + second);
        List<ConformanceEnvironment.ParsedDelivery> inOrder = environment.parsedDeliveries();
        FaultInjection faults = FaultInjection.seeded(environment.seed()).duplicateDeliveries(50).reorderDeliveries().build();
        List<ConformanceEnvironment.ParsedDelivery> flaky = faults.deliver(inOrder);
        if (firstOccurrences(flaky).equals(inOrder)) {
            flaky = flaky.reversed();
        }

        for (int index = 0; index < flaky.size(); index++) {
            ConformanceEnvironment.ParsedDelivery delivery = flaky.get(index);
            int original = inOrder.indexOf(delivery);
            String which = "delivery " + (original + 1) + " of " + inOrder.size() + " (events " + eventIds(delivery.events()) + "), redelivered as number "
                    + (index + 1) + " of " + flaky.size() + " in a duplicated, out-of-order stream";
            List<BillingEvent> parsed;
            try {
                parsed = provider.parseWebhook(delivery.delivery());
            }
            catch (BillingException e) {
                parsed = fail("a genuine " + which + " was rejected with " + e.code() + ": " + e.getMessage() + "; PSPs redeliver and reorder webhooks, "
                        + "the gateway deduplicates by event id, so a provider may reject a delivery only for its signature or timestamp. " + repeatHint(faults), e);
            }
            assertThat(eventIds(parsed))
                    .as(which + " must yield the same event ids as when it first arrived, so the gateway applies each event once. " + repeatHint(faults))
                    .isEqualTo(eventIds(delivery.events()));
        }
    }

    @Test
    @Exercises(Capability.EVENT_POLLING)
    public final void pollingRetriedAfterLostResponsesLosesNoEvent() {
        assumeTrue(description.supports(Capability.EVENT_POLLING), "EVENT_POLLING is not declared (checked by eventPollingFollowsDeclaration)");
        completeAnyPayment();
        completeAnyPayment();
        List<String> expected = eventIds(pollAll(Optional.empty()));
        FaultInjection faults = retryFaults();
        FaultInjectingBillingProvider flaky = new FaultInjectingBillingProvider(provider, faults);

        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int budget = expected.size() * 4 + 20;
        for (int call = 0; call < budget; call++) {
            EventPage page;
            try {
                page = flaky.pollEvents(new PollEventsRequest(cursor, 1));
            }
            catch (BillingException e) {
                if (!e.retryable()) {
                    fail("pollEvents(" + cursor + ") failed with non-retryable " + e.code() + " after injected faults " + faults.log() + ": " + e.getMessage(), e);
                }
                continue;
            }
            seen.addAll(eventIds(page.events()));
            cursor = Optional.of(page.nextCursor());
            if (page.caughtUp() || page.events().isEmpty()) {
                break;
            }
        }
        assertThat(seen)
                .as("polling one event per page, asking for the same cursor again after each lost answer (as the gateway does), must yield every event once "
                        + "and in order; injected faults " + faults.log() + ". " + repeatHint(faults))
                .doesNotHaveDuplicates()
                .startsWith(expected.toArray(String[]::new));
    }

    // ---------------------------------------------------------------- metrics

    @Test
    public final void metricsFollowTheNamingRules() {
        required("health()", provider::health);
        if (description.supports(Capability.ONE_TIME_PAYMENT) || description.supports(Capability.RECURRING_CHARGE)) {
            completeAnyPayment();
        }
        String prefix = factory.providerId().replace('-', '_') + "_";
        for (TestingProviderMetrics.Measurement measurement : environment.metrics().measurements()) {
            assertThat(measurement.name())
                    .as("metric names are lower-case snake case starting with the provider id ('" + prefix + "...'): " + measurement)
                    .matches("[a-z][a-z0-9_]*")
                    .startsWith(prefix);
            assertThat(measurement.tags())
                    .as("the host adds the 'network' tag itself; a provider must not: " + measurement)
                    .doesNotContainKey("network");
            List<String> texts = new ArrayList<>(measurement.tags().keySet());
            texts.addAll(measurement.tags().values());
            assertNoSecretIn("metric " + measurement.name() + "'s tags", texts);
        }
    }

    // ---------------------------------------------------------------- errors

    @Test
    public final void errorsNeverRevealSecrets() {
        Instant now = environment.clock().instant();
        Money price = price();
        String unknownPlan = environment.newId("unknown-plan");
        String unknownSubscription = environment.newId("unknown-subscription");
        Map<String, Supplier<?>> provocations = new java.util.LinkedHashMap<>();
        provocations.put("changePlanStatus of an unknown plan", () -> provider.changePlanStatus(new ChangePlanStatusRequest(unknownPlan, PlanStatus.FROZEN)));
        for (CheckoutKind kind : CheckoutKind.values()) {
            provocations.put("checkout(" + kind + ") of an unknown plan", () -> provider.checkout(checkoutRequest(kind, unknownPlan, price)));
            provocations.put("checkout(" + kind + ") in an asset the network does not offer",
                    () -> provider.checkout(checkoutRequest(kind, unknownPlan, Money.of(100, "TCKNONE"))));
        }
        provocations.put("refund of an unknown payment",
                () -> provider.refund(new RefundRequest(environment.newId("refund"), environment.newId("unknown-payment"), Optional.empty(), "conformance")));
        provocations.put("chargeBatch of an unknown subscription",
                () -> provider.chargeBatch(new ChargeBatchRequest(List.of(new ChargeItem(unknownSubscription, now, price)))));
        provocations.put("cancelSubscription of an unknown subscription",
                () -> provider.cancelSubscription(new CancelSubscriptionRequest(unknownSubscription, CancelSubscriptionRequest.Initiator.OPERATOR)));
        provocations.put("parseWebhook of a forged delivery", () -> provider.parseWebhook(Webhooks.forged(now)));
        provocations.put("pollEvents from a malformed cursor", () -> provider.pollEvents(new PollEventsRequest(Optional.of("tck-not-a-cursor"), 10)));

        for (Map.Entry<String, Supplier<?>> provocation : provocations.entrySet()) {
            String operation = provocation.getKey();
            Object result;
            try {
                result = provocation.getValue().get();
            }
            catch (BillingException e) {
                assertNoSecretIn(operation + " threw " + e.code() + " whose message", messages(e));
                continue;
            }
            catch (RuntimeException e) {
                fail(operation + " threw " + e.getClass().getName() + " instead of a BillingException (every failure must be a BillingException)", e);
                continue;
            }
            assertNoSecretIn(operation + " returned a result that", List.of(String.valueOf(result)));
        }
    }

    // ---------------------------------------------------------------- flows the tests share

    /** A subscription after its first payment, ready to be charged for its next period. */
    private record ActiveSubscription(String subscriptionRef, Instant activatedAt, Instant periodStart, Money amount) {
        ChargeItem dueItem() {
            return new ChargeItem(subscriptionRef, periodStart, amount);
        }
    }

    /** Money that moved and can be refunded. */
    private record ConfirmedPayment(String transactionRef, Money amount, String providerReference) {
    }

    private Money price() {
        return price(description);
    }

    private CheckoutKind preferredPlanKind() {
        return description.supports(Capability.RECURRING_CHARGE) ? CheckoutKind.SUBSCRIPTION : CheckoutKind.ONE_TIME;
    }

    private CheckoutKind supportedCheckoutKind() {
        if (description.supports(Capability.ONE_TIME_PAYMENT)) {
            return CheckoutKind.ONE_TIME;
        }
        assumeTrue(description.supports(Capability.RECURRING_CHARGE), "the provider declares neither ONE_TIME_PAYMENT nor RECURRING_CHARGE, so it has no checkout");
        return CheckoutKind.SUBSCRIPTION;
    }

    private PlanDefinition plan(CheckoutKind kind) {
        Optional<Duration> period = kind == CheckoutKind.SUBSCRIPTION ? Optional.of(billingPeriod()) : Optional.empty();
        return new PlanDefinition(environment.newId("plan"), "Conformance " + kind.name().toLowerCase(Locale.ROOT) + " plan", price(), period, 1);
    }

    private PlanRegistration registerPlan(CheckoutKind kind) {
        PlanDefinition plan = plan(kind);
        return required("registerPlan(" + plan + ")", () -> provider.registerPlan(new RegisterPlanRequest(plan)));
    }

    /**
     * A plan to try an unsupported checkout kind with: one of that kind, so that a provider ignoring its declaration
     * would succeed, or, when the provider refuses to register such a plan, any plan.
     */
    private PlanRegistration planForUnsupportedCheckout(CheckoutKind kind) {
        PlanDefinition plan = plan(kind);
        try {
            PlanRegistration registration = provider.registerPlan(new RegisterPlanRequest(plan));
            if (registration != null) {
                return registration;
            }
        }
        catch (BillingException e) {
            // refusing to register a plan of a kind it cannot sell is fair; the checkout must still say UNSUPPORTED
        }
        return registerPlan(kind == CheckoutKind.ONE_TIME ? CheckoutKind.SUBSCRIPTION : CheckoutKind.ONE_TIME);
    }

    private CheckoutRequest checkoutRequest(CheckoutKind kind, PlanRegistration plan, Money amount) {
        return checkoutRequest(kind, plan.providerPlanRef(), amount);
    }

    private CheckoutRequest checkoutRequest(CheckoutKind kind, String providerPlanRef, Money amount) {
        return new CheckoutRequest(environment.newId("checkout"), kind, environment.newId("customer"), providerPlanRef, amount,
                payerAccount(environment), Optional.of(URI.create("https://merchant.example/checkout/return")), Map.of("source", "conformance-kit"));
    }

    private PaymentConfirmed completeOneTimePayment() {
        PlanRegistration plan = registerPlan(CheckoutKind.ONE_TIME);
        CheckoutResult checkout = declared(Capability.ONE_TIME_PAYMENT, "checkout(ONE_TIME)",
                () -> provider.checkout(checkoutRequest(CheckoutKind.ONE_TIME, plan, price())));
        actAsPayer(checkout, PayerAction.PAY, environment);
        return environment.awaitEvent(PaymentConfirmed.class, event -> event.providerReference().equals(checkout.providerReference()),
                "PaymentConfirmed event for providerReference " + checkout.providerReference() + " after the payer paid (capability ONE_TIME_PAYMENT)");
    }

    private ActiveSubscription activateSubscription() {
        return activateSubscription(registerPlan(CheckoutKind.SUBSCRIPTION));
    }

    private ActiveSubscription activateSubscription(PlanRegistration plan) {
        CheckoutResult checkout = declared(Capability.RECURRING_CHARGE, "checkout(SUBSCRIPTION)",
                () -> provider.checkout(checkoutRequest(CheckoutKind.SUBSCRIPTION, plan, price())));
        actAsPayer(checkout, PayerAction.PAY, environment);
        SubscriptionActivated activated = environment.awaitEvent(SubscriptionActivated.class,
                event -> event.providerReference().equals(checkout.providerReference()),
                "SubscriptionActivated event for providerReference " + checkout.providerReference() + " after the payer paid (capability RECURRING_CHARGE)");
        Instant periodStart = activated.nextChargeAt().orElse(activated.occurredAt().plus(billingPeriod()));
        return new ActiveSubscription(activated.subscriptionRef(), activated.occurredAt(), periodStart, price());
    }

    /** Completes a payment of whichever kind the provider supports and returns its providerReference. */
    private String completeAnyPayment() {
        if (supportedCheckoutKind() == CheckoutKind.ONE_TIME) {
            return completeOneTimePayment().providerReference();
        }
        return activateSubscription().subscriptionRef();
    }

    private Optional<ConfirmedPayment> paymentIfAny() {
        if (description.supports(Capability.ONE_TIME_PAYMENT)) {
            PaymentConfirmed confirmed = completeOneTimePayment();
            return Optional.of(new ConfirmedPayment(confirmed.transactionRef(), confirmed.amount(), confirmed.providerReference()));
        }
        if (description.supports(Capability.RECURRING_CHARGE)) {
            ActiveSubscription subscription = activateSubscription();
            advanceTimeTo(subscription.periodStart(), environment);
            ChargeOutcome.Charged charged = finalCharge(subscription.dueItem(), charge(subscription.dueItem()));
            return Optional.of(new ConfirmedPayment(charged.transactionRef(), charged.amount(), subscription.subscriptionRef()));
        }
        return Optional.empty();
    }

    private ConfirmedPayment payment(Capability needing) {
        return paymentIfAny().orElseGet(() -> fail("capability " + needing + " is declared, but the provider declares neither ONE_TIME_PAYMENT nor "
                + "RECURRING_CHARGE, so no payment can exist to refund"));
    }

    private ChargeOutcome charge(ChargeItem item) {
        ChargeBatchResult result = declared(Capability.RECURRING_CHARGE, "chargeBatch of " + item, () -> provider.chargeBatch(new ChargeBatchRequest(List.of(item))));
        assertThat(result).as("chargeBatch returned null").isNotNull();
        assertThat(result.outcomes()).as("chargeBatch must return exactly one outcome per item (1 item)").hasSize(1);
        ChargeOutcome outcome = result.outcomes().getFirst();
        assertThat(outcome.subscriptionRef()).as("the outcome must be about the charged item").isEqualTo(item.subscriptionRef());
        return outcome;
    }

    /** Resolves a first charge of a due period to its final {@code Charged}, waiting for the event when it is {@code Pending}. */
    private ChargeOutcome.Charged finalCharge(ChargeItem item, ChargeOutcome outcome) {
        return switch (outcome) {
            case ChargeOutcome.Charged charged -> charged;
            case ChargeOutcome.Pending pending -> {
                BillingEvent event = environment.awaitEvent(BillingEvent.class,
                        candidate -> candidate instanceof SubscriptionCharged charged && charged.subscriptionRef().equals(item.subscriptionRef())
                                || candidate instanceof SubscriptionChargeFailed failed && failed.subscriptionRef().equals(item.subscriptionRef()),
                        "final outcome (SubscriptionCharged or SubscriptionChargeFailed) of pending charge " + pending.transactionRef());
                if (event instanceof SubscriptionCharged charged) {
                    yield new ChargeOutcome.Charged(item.subscriptionRef(), charged.transactionRef(), charged.amount(), Money.of(0, charged.amount().asset()),
                            Optional.empty(), charged.nextChargeAt());
                }
                yield fail("the first due period of a freshly activated, funded subscription failed: " + event);
            }
            case ChargeOutcome.Skipped skipped -> fail("the first due period (" + item.periodStart() + ") of a freshly activated, funded subscription must be charged, but was " + skipped);
            case ChargeOutcome.Failed failed -> fail("the first due period (" + item.periodStart() + ") of a freshly activated, funded subscription must be charged, but failed: " + failed);
        };
    }

    /**
     * The faults of the retry scenarios: the first call is carried out and its answer lost (a TIMEOUT whose outcome
     * is unknown), then a seeded mix of lost answers, lost requests, transient errors and slow answers.
     */
    private FaultInjection retryFaults() {
        return FaultInjection.seeded(environment.seed())
                .first(new Fault.LostResponse())
                .lostResponses(25)
                .lostRequests(15)
                .retryableErrors(15)
                .slowResponses(10, Duration.ofMillis(5))
                .build();
    }

    /**
     * Calls an operation through a fault-injecting wrapper the way the gateway's retry loop does: after a retryable
     * failure it repeats the same request (same ids), up to {@link #RETRY_ATTEMPTS} times, and stops at the first
     * answer; when every attempt failed, it repeats once more without faults, as the gateway does once the network
     * has recovered. So at least one repeat after the lost first answer always reaches the provider.
     *
     * @return the answer that came through
     */
    private <T> T retriedAsTheGateway(String contract, FaultInjection faults, Function<BillingProvider, T> call) {
        FaultInjectingBillingProvider flaky = new FaultInjectingBillingProvider(provider, faults);
        for (int attempt = 1; attempt <= RETRY_ATTEMPTS; attempt++) {
            try {
                return answer(contract, faults, call.apply(flaky));
            }
            catch (BillingException e) {
                if (!e.retryable()) {
                    failRepeat(contract, faults, "failed with non-retryable " + e.code() + ": " + e.getMessage(), e);
                }
            }
            catch (RuntimeException e) {
                failRepeat(contract, faults, "threw " + e + " instead of a BillingException", e);
            }
        }
        return settled(contract + ", once the faults stopped,", faults, () -> call.apply(provider));
    }

    /** Repeats a request once more without faults, as the gateway does once the network recovered. */
    private <T> T settled(String contract, FaultInjection faults, Supplier<T> call) {
        try {
            return answer(contract, faults, call.get());
        }
        catch (BillingException e) {
            return failRepeat(contract, faults, "failed with " + e.code() + ": " + e.getMessage(), e);
        }
        catch (RuntimeException e) {
            return failRepeat(contract, faults, "threw " + e + " instead of a BillingException", e);
        }
    }

    private <T> T failRepeat(String contract, FaultInjection faults, String what, Throwable cause) {
        return fail(contract + " " + what + ", after injected faults " + faults.log() + "; a request repeated after a TIMEOUT must be answered as "
                + "the first one was, and move nothing again. " + repeatHint(faults), cause);
    }

    private static <T> T answer(String contract, FaultInjection faults, T answer) {
        assertThat(answer).as(contract + " returned null after injected faults " + faults.log()).isNotNull();
        return answer;
    }

    private String repeatHint(FaultInjection faults) {
        return "Faults: " + faults.describePlan() + "; repeat with -Dbilling.tck.seed=" + RUN_SEED + ".";
    }

    private static ChargeOutcome single(ChargeItem item, ChargeBatchResult result) {
        assertThat(result).as("chargeBatch returned null").isNotNull();
        assertThat(result.outcomes()).as("chargeBatch must return exactly one outcome per item (1 item)").hasSize(1);
        ChargeOutcome outcome = result.outcomes().getFirst();
        assertThat(outcome.subscriptionRef()).as("the outcome must be about the charged item").isEqualTo(item.subscriptionRef());
        return outcome;
    }

    /** Transactions of renewals of this subscription the kit has learnt of (events that happened once its period was due). */
    private Set<String> renewalTransactions(ActiveSubscription subscription) {
        Set<String> transactions = new LinkedHashSet<>();
        for (BillingEvent event : environment.events()) {
            if (event instanceof SubscriptionCharged charged && charged.subscriptionRef().equals(subscription.subscriptionRef())
                    && !charged.occurredAt().isBefore(subscription.periodStart())) {
                transactions.add(charged.transactionRef());
            }
        }
        return transactions;
    }

    private static <T> List<T> firstOccurrences(List<T> items) {
        return List.copyOf(new LinkedHashSet<>(items));
    }

    private InboundWebhook genuineDelivery() {
        String reference = completeAnyPayment();
        return environment.awaitDelivery(event -> mentions(event, reference), "an event about " + reference).delivery();
    }

    private void expectSignatureInvalid(String what, InboundWebhook webhook) {
        expectError(ErrorCode.SIGNATURE_INVALID, "parseWebhook of " + what, "a webhook that does not verify must be rejected and change nothing",
                () -> provider.parseWebhook(webhook));
    }

    private List<BillingEvent> pollAll(Optional<String> from) {
        List<BillingEvent> events = new ArrayList<>();
        Optional<String> cursor = from;
        for (int page = 0; page < 1000; page++) {
            Optional<String> current = cursor;
            EventPage result = declared(Capability.EVENT_POLLING, "pollEvents(" + current + ")", () -> provider.pollEvents(new PollEventsRequest(current, 100)));
            events.addAll(result.events());
            cursor = Optional.of(result.nextCursor());
            if (result.caughtUp() || result.events().isEmpty()) {
                return events;
            }
        }
        return fail("pollEvents never reported caughtUp after 1000 pages");
    }

    private static boolean mentions(BillingEvent event, String reference) {
        return switch (event) {
            case PaymentConfirmed confirmed -> confirmed.providerReference().equals(reference);
            case PaymentFailed failed -> failed.providerReference().equals(reference);
            case SubscriptionActivated activated -> activated.providerReference().equals(reference) || activated.subscriptionRef().equals(reference);
            case SubscriptionCharged charged -> charged.subscriptionRef().equals(reference);
            case BillingEvent.SubscriptionChargeSkipped skipped -> skipped.subscriptionRef().equals(reference);
            case SubscriptionChargeFailed failed -> failed.subscriptionRef().equals(reference);
            case SubscriptionCancelled cancelled -> cancelled.subscriptionRef().equals(reference);
            case BillingEvent.PaymentRefunded refunded -> refunded.paymentRef().equals(reference);
            case BillingEvent.PlanStatusChanged changed -> changed.providerPlanRef().equals(reference);
        };
    }

    private static List<String> eventIds(List<BillingEvent> events) {
        return events.stream().map(BillingEvent::eventId).toList();
    }

    private static List<String> messages(Throwable error) {
        List<String> messages = new ArrayList<>();
        Set<Throwable> seen = new LinkedHashSet<>();
        for (Throwable current = error; current != null && seen.add(current); current = current.getCause()) {
            messages.add(String.valueOf(current.getMessage()));
            messages.add(current.toString());
            Stream.of(current.getSuppressed()).forEach(suppressed -> messages.add(String.valueOf(suppressed)));
        }
        return messages;
    }

    private void assertNoSecretIn(String where, List<String> texts) {
        for (Map.Entry<String, String> secret : network.secretValues().entrySet()) {
            String value = secret.getValue().strip();
            if (value.length() < SHORTEST_CHECKED_SECRET) {
                continue;
            }
            for (String text : texts) {
                if (text != null && text.contains(value)) {
                    fail(where + " contains the value of secret key '" + secret.getKey() + "'; a secret must never appear in a message, a log line or a report: "
                            + text.replace(value, "<" + secret.getKey() + ">"));
                }
            }
        }
    }
}

package io.billinggateway.provider.mockfiat;

import io.billinggateway.provider.mockfiat.checkout.HostedCheckoutServer;
import io.billinggateway.provider.mockfiat.ledger.CheckoutSession;
import io.billinggateway.provider.mockfiat.ledger.Ledger;
import io.billinggateway.provider.mockfiat.ledger.Payment;
import io.billinggateway.provider.mockfiat.ledger.Price;
import io.billinggateway.provider.mockfiat.ledger.RefundEntry;
import io.billinggateway.provider.mockfiat.ledger.Subscription;
import io.billinggateway.provider.mockfiat.processor.Identifiers;
import io.billinggateway.provider.mockfiat.processor.PaymentProcessor;
import io.billinggateway.provider.mockfiat.processor.ProcessorSettings;
import io.billinggateway.provider.mockfiat.webhook.WebhookEvents;
import io.billinggateway.provider.mockfiat.webhook.WebhookSecret;
import io.billinggateway.provider.mockfiat.webhook.WebhookSender;
import io.billinggateway.provider.mockfiat.webhook.WebhookVerifier;
import io.billinggateway.spi.Asset;
import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.CancelResult;
import io.billinggateway.spi.CancelSubscriptionRequest;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeBatchResult;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.EventPage;
import io.billinggateway.spi.PollEventsRequest;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.InboundWebhook;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.spi.PlanRegistration;
import io.billinggateway.spi.PlanStatusChange;
import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.ProviderMetrics;
import io.billinggateway.spi.Refund;
import io.billinggateway.spi.RefundRequest;
import io.billinggateway.spi.RegisterPlanRequest;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The mock PSP of one network, adapted to the SPI. Thread-safe: every operation is one transaction of the PSP's
 * ledger.
 *
 * <p>Owns a hosted checkout server, a webhook sender thread and a maintenance thread, all stopped by
 * {@link #close()}. The {@code providerReference} of a checkout is its session id; payments are {@code pay_...},
 * subscriptions {@code sub_...}, prices {@code price_...}, refunds {@code re_...}.
 *
 * <p>The providers of several gateway processes may share one data directory and so one PSP: each serves its own
 * hosted checkout server, and every operation sees what all of them did (see {@link Ledger}). The maintenance
 * thread expires overdue sessions and sends webhooks that another process queued but did not deliver.
 */
public final class MockFiatBillingProvider implements BillingProvider {
    static final String WEBHOOK_SECRET_FILE = "webhook-secret";
    /** The hosted checkout server's last port when {@code listen-port} is 0. */
    static final String CHECKOUT_PORT_FILE = "checkout-port";
    private static final Duration HEALTH_PROBE_TIMEOUT = Duration.ofSeconds(1);
    /** How often overdue sessions are expired and orphaned webhooks are looked for. */
    static final Duration MAINTENANCE_INTERVAL = Duration.ofMinutes(1);
    /**
     * How long a webhook stays owed before a process that did not queue it sends it too: long enough that the
     * process that queued it has usually delivered it, short enough that the webhooks of a process that died arrive
     * within minutes.
     */
    static final Duration ORPHANED_WEBHOOK_GRACE = Duration.ofMinutes(2);

    private final MockFiatSettings settings;
    private final NetworkDescription description;
    private final Ledger ledger;
    private final WebhookSender webhookSender;
    private final PaymentProcessor processor;
    private final HostedCheckoutServer server;
    private final WebhookVerifier verifier;
    private final ScheduledExecutorService maintenance;
    private final HttpClient healthClient;
    private final URI baseUrl;
    private final URI localUrl;
    private final ProviderMetrics metrics;
    private final System.Logger logger;

    private MockFiatBillingProvider(Builder builder) {
        this.settings = builder.settings;
        this.description = builder.description;
        this.ledger = builder.ledger;
        this.webhookSender = builder.webhookSender;
        this.processor = builder.processor;
        this.server = builder.server;
        this.verifier = builder.verifier;
        this.maintenance = builder.maintenance;
        this.healthClient = builder.healthClient;
        this.baseUrl = builder.baseUrl;
        this.localUrl = builder.localUrl;
        this.metrics = builder.metrics;
        this.logger = builder.logger;
    }

    static MockFiatBillingProvider start(NetworkConfig config, MockFiatSettings settings, ProviderContext context) {
        return start(config, settings, context, MAINTENANCE_INTERVAL);
    }

    /** Starts with another maintenance interval, so that tests need not wait a minute for the sweep. */
    static MockFiatBillingProvider start(NetworkConfig config, MockFiatSettings settings, ProviderContext context, Duration maintenanceInterval) {
        requireNonNull(maintenanceInterval, "maintenanceInterval is null");
        Clock clock = requireNonNull(context.clock(), "context clock is null");
        System.Logger logger = System.getLogger(context.loggerName());
        Path dataDirectory = context.dataDirectory();
        Builder builder = new Builder();
        builder.settings = settings;
        builder.metrics = context.metrics();
        builder.logger = logger;
        builder.description = new NetworkDescription(config.network(), MockFiatBillingProviderFactory.PROVIDER_ID, config.chainId(),
                List.of(Asset.nativeAsset(settings.currency(), settings.decimals())), MockFiatBillingProviderFactory.CAPABILITIES,
                0, settings.maxBatchSize());
        try {
            SecureRandom random = new SecureRandom();
            builder.ledger = Ledger.open(dataDirectory, clock, logger);
            WebhookSecret secret = settings.webhookSecret().isPresent() ? settings.webhookSecret().get() : storedSecret(dataDirectory, random);
            URI webhookUrl = settings.webhookUrl().orElseGet(context::webhookUrl);
            builder.webhookSender = new WebhookSender(webhookUrl, secret, builder.ledger, clock, settings.delivery(), context.metrics(), logger,
                    "mock-fiat-" + config.network() + "-webhooks");
            builder.processor = new PaymentProcessor(builder.ledger, builder.webhookSender::schedule, clock, new Identifiers(random),
                    new ProcessorSettings(config.network(), settings.currency(), settings.sessionTimeToLive()));
            builder.server = startServer(config, settings, builder.processor, dataDirectory, logger);
            int port = builder.server.address().getPort();
            builder.localUrl = URI.create("http://" + settings.reachableHost() + ":" + port);
            builder.baseUrl = settings.publicBaseUrl().orElse(builder.localUrl);
            builder.verifier = new WebhookVerifier(secret, settings.webhookTolerance(), clock);
            builder.healthClient = HttpClient.newBuilder().connectTimeout(HEALTH_PROBE_TIMEOUT).build();
            builder.maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "mock-fiat-" + config.network() + "-maintenance");
                thread.setDaemon(true);
                return thread;
            });
            MockFiatBillingProvider provider = new MockFiatBillingProvider(builder);
            builder.webhookSender.resumePending();
            builder.maintenance.scheduleWithFixedDelay(provider::maintain,
                    maintenanceInterval.toMillis(), maintenanceInterval.toMillis(), TimeUnit.MILLISECONDS);
            logger.log(Level.INFO, "mock PSP of network {0} serves hosted checkout at {1} and sends webhooks to {2}",
                    config.network(), builder.baseUrl, withoutCredentials(webhookUrl));
            return provider;
        }
        catch (RuntimeException e) {
            builder.closeStarted();
            throw e;
        }
    }

    @Override
    public NetworkDescription describe() {
        return description;
    }

    @Override
    public HealthReport health() {
        long started = System.nanoTime();
        try {
            HttpRequest probe = HttpRequest.newBuilder(localUrl.resolve("/healthz")).timeout(HEALTH_PROBE_TIMEOUT).GET().build();
            HttpResponse<String> response = healthClient.send(probe, HttpResponse.BodyHandlers.ofString());
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            if (response.statusCode() != 200) {
                return HealthReport.down("the hosted checkout server at " + localUrl + " answered HTTP " + response.statusCode());
            }
            return new HealthReport(HealthReport.Status.UP, Optional.of(latency), Optional.of(baseUrl.toString()), Map.of(
                    "base-url", baseUrl.toString(),
                    "webhook-url", withoutCredentials(webhookSender.endpoint()),
                    "webhooks-undelivered", Integer.toString(webhookSender.undeliveredCount()),
                    "webhooks-abandoned", Integer.toString(webhookSender.abandonedCount())));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthReport.down("interrupted while probing the hosted checkout server");
        }
        catch (IOException | RuntimeException e) {
            return HealthReport.down("the mock PSP is not serving at " + localUrl + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    @Override
    public PlanRegistration registerPlan(RegisterPlanRequest request) {
        requireNonNull(request, "request is null");
        Price price = processor.registerPrice(request.plan());
        return new PlanRegistration(price.id(), price.status(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public PlanStatusChange changePlanStatus(ChangePlanStatusRequest request) {
        requireNonNull(request, "request is null");
        Price price = processor.changePriceStatus(request.providerPlanRef(), request.target());
        return new PlanStatusChange(price.id(), price.status(), Optional.empty());
    }

    @Override
    public CheckoutResult checkout(CheckoutRequest request) {
        requireNonNull(request, "request is null");
        CheckoutSession session = processor.openSession(request);
        metrics.increment("mock_fiat_checkouts_total", Map.of("kind", request.kind().name().toLowerCase(java.util.Locale.ROOT)));
        return new CheckoutResult(session.id(), new CheckoutPayload.Redirect(checkoutUrl(session.id())), Optional.of(session.expiresAt()));
    }

    @Override
    public ChargeBatchResult chargeBatch(ChargeBatchRequest request) {
        requireNonNull(request, "request is null");
        if (request.items().size() > settings.maxBatchSize()) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "a charge batch of network '" + description.network() + "' takes at most "
                    + settings.maxBatchSize() + " items, got " + request.items().size());
        }
        List<ChargeOutcome> outcomes = processor.charge(request.items());
        for (ChargeOutcome outcome : outcomes) {
            metrics.increment("mock_fiat_charges_total", Map.of("outcome", switch (outcome) {
                case ChargeOutcome.Charged ignored -> "charged";
                case ChargeOutcome.Failed ignored -> "failed";
                case ChargeOutcome.Skipped ignored -> "skipped";
                case ChargeOutcome.Pending ignored -> "pending";
            }));
        }
        return new ChargeBatchResult(outcomes);
    }

    @Override
    public Refund refund(RefundRequest request) {
        requireNonNull(request, "request is null");
        RefundEntry refund = processor.refund(request);
        return new Refund(refund.id(), refund.paymentId(), refund.refunded(), Refund.Status.SUCCEEDED);
    }

    @Override
    public CancelResult cancelSubscription(CancelSubscriptionRequest request) {
        requireNonNull(request, "request is null");
        Subscription subscription = processor.cancel(request.subscriptionRef());
        return new CancelResult.Cancelled(subscription.id(), subscription.cancelledAt().orElseThrow());
    }

    @Override
    public List<BillingEvent> parseWebhook(InboundWebhook webhook) {
        requireNonNull(webhook, "webhook is null");
        return WebhookEvents.parse(verifier.verify(webhook));
    }

    /**
     * The PSP's record of captured payments, oldest first, as the events their webhooks reported (a checkout's
     * {@link BillingEvent.PaymentConfirmed} and {@link BillingEvent.SubscriptionActivated}, a renewal's
     * {@link BillingEvent.SubscriptionCharged}), with ids derived from the payment id: what reconciliation asks the PSP when a webhook may have been lost. Not declared as
     * {@code EVENT_POLLING}, since webhooks are this PSP's way of telling; the gateway's event poller therefore leaves it
     * alone (and {@code pollEvents} stays unsupported) and only {@code gateway billing-reconcile} calls it. The cursor is {@code offset:N} into that list (payments
     * are never removed).
     */
    @Override
    public EventPage recordedEvents(PollEventsRequest request) {
        requireNonNull(request, "request is null");
        int offset = request.cursor().map(MockFiatBillingProvider::offset).orElse(0);
        List<BillingEvent> all = ledger.transact(transaction -> transaction.all(Payment.class)).stream()
                .sorted(java.util.Comparator.comparing(Payment::capturedAt).thenComparing(Payment::id))
                .flatMap(payment -> recordedEvents(payment).stream())
                .toList();
        int end = Math.min(all.size(), offset + request.maxEvents());
        List<BillingEvent> events = all.subList(Math.min(offset, end), end);
        return new EventPage(events, "offset:" + end, end >= all.size());
    }

    /** A checkout payment confirms its session (and activates its subscription); any other payment is a renewal. */
    private static List<BillingEvent> recordedEvents(Payment payment) {
        if (payment.sessionId().isPresent()) {
            BillingEvent confirmed = new BillingEvent.PaymentConfirmed(payment.id(), payment.capturedAt(), payment.sessionId().get(), payment.id(),
                    payment.captured());
            return payment.subscriptionId()
                    .<List<BillingEvent>>map(subscription -> List.of(confirmed, new BillingEvent.SubscriptionActivated(payment.id() + ":activated",
                            payment.capturedAt(), payment.sessionId().get(), subscription, Optional.empty())))
                    .orElse(List.of(confirmed));
        }
        return payment.subscriptionId()
                .<List<BillingEvent>>map(subscription -> List.of(new BillingEvent.SubscriptionCharged(payment.id(), payment.capturedAt(), subscription,
                        payment.id(), payment.captured(), Optional.empty())))
                .orElse(List.of());
    }

    private static int offset(String cursor) {
        try {
            if (cursor.startsWith("offset:")) {
                int offset = Integer.parseInt(cursor.substring("offset:".length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        }
        catch (NumberFormatException e) {
            // reported below
        }
        throw new BillingException(ErrorCode.INVALID_REQUEST, "not a cursor of this PSP: " + cursor);
    }

    /**
     * Stops serving pages, sending webhooks and expiring sessions, then closes the ledger. Undelivered webhooks stay
     * owed. Providers of other processes on the same data directory go on unaffected.
     */
    @Override
    public void close() {
        closeQuietly("hosted checkout server", server::close);
        closeQuietly("maintenance", maintenance::shutdownNow);
        closeQuietly("webhook sender", webhookSender::close);
        closeQuietly("health probe client", healthClient::shutdownNow);
        closeQuietly("ledger", ledger::close);
    }

    /** Where the hosted page of a session is served, under the public base URL. */
    URI checkoutUrl(String sessionId) {
        return URI.create(baseUrl + "/checkout/" + sessionId);
    }

    /** Expires overdue sessions and sends the webhooks other processes left undelivered. */
    private void maintain() {
        try {
            processor.expireOverdueSessions();
        }
        catch (RuntimeException e) {
            logger.log(Level.WARNING, "expiring overdue checkout sessions failed: {0}", e.getMessage());
        }
        try {
            List<String> resumed = webhookSender.resumeOverdue(ORPHANED_WEBHOOK_GRACE);
            if (!resumed.isEmpty()) {
                logger.log(Level.INFO, "sending {0} webhook(s) owed for more than {1} that this process had not queued, e.g. left by a stopped"
                        + " gateway process: {2}", resumed.size(), ORPHANED_WEBHOOK_GRACE, resumed);
            }
        }
        catch (RuntimeException e) {
            logger.log(Level.WARNING, "looking for undelivered webhooks failed: {0}", e.getMessage());
        }
    }

    private void closeQuietly(String what, Runnable closer) {
        try {
            closer.run();
        }
        catch (RuntimeException e) {
            logger.log(Level.WARNING, "closing the " + what + " of the mock PSP failed", e);
        }
    }

    private static WebhookSecret storedSecret(Path dataDirectory, SecureRandom random) {
        Path file = dataDirectory.resolve(WEBHOOK_SECRET_FILE);
        try {
            return WebhookSecret.loadOrGenerate(file, random);
        }
        catch (IOException e) {
            throw new BillingException(ErrorCode.CONFIGURATION_INVALID, "the mock PSP cannot keep its generated webhook secret in " + file
                    + ": " + e.getMessage() + "; fix the file or set webhook-secret", e);
        }
    }

    /**
     * Binds the hosted checkout server. With {@code listen-port} 0 the port bound last time (kept in
     * {@value #CHECKOUT_PORT_FILE}) is asked for first, so that checkout links handed out before a restart still open;
     * when another process holds it, a new port is taken with a warning, and remembered.
     */
    private static HostedCheckoutServer startServer(NetworkConfig config, MockFiatSettings settings, PaymentProcessor processor, Path dataDirectory,
                                                    System.Logger logger) {
        InetSocketAddress address = new InetSocketAddress(settings.listenHost(), settings.listenPort());
        String keys = "billing.networks." + config.network() + "." + MockFiatSettings.LISTEN_HOST + " and ." + MockFiatSettings.LISTEN_PORT;
        if (address.isUnresolved()) {
            throw new BillingException(ErrorCode.CONFIGURATION_INVALID, "network '" + config.network() + "': " + keys
                    + ": host '" + settings.listenHost() + "' cannot be resolved");
        }
        Path portFile = dataDirectory.resolve(CHECKOUT_PORT_FILE);
        if (settings.listenPort() == 0) {
            OptionalInt remembered = rememberedPort(portFile, logger);
            if (remembered.isPresent()) {
                try {
                    return remember(HostedCheckoutServer.start(new InetSocketAddress(address.getAddress(), remembered.getAsInt()), processor,
                            settings.decimals(), logger), portFile, logger);
                }
                catch (IOException e) {
                    logger.log(Level.WARNING, "mock PSP of network {0}: the hosted checkout page cannot return to port {1} ({2}), which "
                            + "another process holds; it moves to a new port and checkout links handed out before now do not open; set {3} "
                            + "for a fixed port", config.network(), Integer.toString(remembered.getAsInt()), e.getMessage(), keys);
                }
            }
        }
        try {
            HostedCheckoutServer server = HostedCheckoutServer.start(address, processor, settings.decimals(), logger);
            return settings.listenPort() == 0 ? remember(server, portFile, logger) : server;
        }
        catch (IOException e) {
            throw new BillingException(ErrorCode.CONFIGURATION_INVALID, "network '" + config.network() + "': " + keys
                    + ": the hosted checkout server cannot listen on " + settings.listenHost() + ":" + settings.listenPort() + ": " + e.getMessage(), e);
        }
    }

    private static OptionalInt rememberedPort(Path portFile, System.Logger logger) {
        try {
            String text = Files.readString(portFile).strip();
            int port = Integer.parseInt(text);
            return port > 0 && port <= 65_535 ? OptionalInt.of(port) : OptionalInt.empty();
        }
        catch (NoSuchFileException firstStart) {
            return OptionalInt.empty();
        }
        catch (IOException | NumberFormatException e) {
            logger.log(Level.WARNING, "ignoring the remembered hosted checkout port in " + portFile + ": " + e.getMessage());
            return OptionalInt.empty();
        }
    }

    /** Writes the bound port for the next start; a failure costs only that stability, so it is a warning. */
    private static HostedCheckoutServer remember(HostedCheckoutServer server, Path portFile, System.Logger logger) {
        try {
            Path written = Files.writeString(portFile.resolveSibling(portFile.getFileName() + ".tmp"), server.address().getPort() + "\n");
            Files.move(written, portFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException e) {
            logger.log(Level.WARNING, "cannot remember the hosted checkout port in " + portFile + " (" + e.getMessage()
                    + "); the next start takes a new port");
        }
        return server;
    }

    private static String withoutCredentials(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** What {@link #start} has built so far, so that a failure half-way releases exactly that. */
    private static final class Builder {
        MockFiatSettings settings;
        NetworkDescription description;
        Ledger ledger;
        WebhookSender webhookSender;
        PaymentProcessor processor;
        HostedCheckoutServer server;
        WebhookVerifier verifier;
        ScheduledExecutorService maintenance;
        HttpClient healthClient;
        URI baseUrl;
        URI localUrl;
        ProviderMetrics metrics;
        System.Logger logger;

        void closeStarted() {
            if (maintenance != null) {
                maintenance.shutdownNow();
            }
            if (healthClient != null) {
                healthClient.shutdownNow();
            }
            if (server != null) {
                server.close();
            }
            if (webhookSender != null) {
                webhookSender.close();
            }
            if (ledger != null) {
                ledger.close();
            }
        }
    }
}

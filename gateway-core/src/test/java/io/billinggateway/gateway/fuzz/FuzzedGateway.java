package io.billinggateway.gateway.fuzz;

import io.billinggateway.gateway.security.Roles;
import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.billinggateway.gateway.testing.WebhookCapture;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.web.router.Router;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway under fuzz: PostgreSQL, the fiat network, and a little state to aim at (docs/api.md names the
 * endpoints): a one-time plan, a subscription plan, a plan for the admin actions, a user's pending checkout and
 * pending subscription, and confirmed payments to refund.
 *
 * <p>Nothing writes to the database on its own schedule while the fuzz runs, so that a changed row can only
 * come from the request just sent: the charge lanes and event polling are off, no outbox endpoint is
 * configured, and the PSP's webhooks go to a {@link WebhookCapture}; the suite forwards the one it needs.
 * The JDBC URL carries a password parameter as a canary: no answer may ever show it.
 */
final class FuzzedGateway implements AutoCloseable {
    static final String DATABASE_PASSWORD_CANARY = "fuzz-canary-database-password";
    private static final String ONE_TIME_PLAN = "fuzz-once";
    private static final String RECURRING_PLAN = "fuzz-monthly";
    private static final String MANAGED_PLAN = "fuzz-managed";
    private static final long REFUNDABLE_LEFT = 1_000;

    /** What the fuzz cases refer to. */
    record Seeded(String oneTimePlan, String recurringPlan, String managedPlanId, String subscriptionId, SignedDelivery webhook) {
    }

    private final WebhookCapture capture;
    private final TestingDatabase database;
    private final TestingGateway gateway;
    private final String webhookSecret;
    private final String jdbcUrl;
    private final Set<String> forwarded = new HashSet<>();
    private Seeded seeded;
    private String refundablePayment;
    private final AtomicLong unsoldPlans = new AtomicLong();

    private FuzzedGateway(WebhookCapture capture, TestingDatabase database, TestingGateway gateway, String webhookSecret, String jdbcUrl) {
        this.capture = capture;
        this.database = database;
        this.gateway = gateway;
        this.webhookSecret = webhookSecret;
        this.jdbcUrl = jdbcUrl;
    }

    static FuzzedGateway start() throws IOException {
        Path home = Files.createTempDirectory("fuzz");
        String secret = "whsec_" + Base64.getEncoder().encodeToString("fuzz-suite-webhook-secret-32-by!".getBytes(StandardCharsets.UTF_8));
        Path secretFile = Files.writeString(home.resolve("webhook-secret"), secret);
        WebhookCapture capture = new WebhookCapture();
        TestingDatabase database = TestingDatabase.postgres();
        String jdbcUrl = database.url() + "&password=" + DATABASE_PASSWORD_CANARY;
        TestingGateway gateway = TestingGateway.start(database, home, Map.of(
                "datasources.default.url", jdbcUrl,
                "billing.charge.enabled", false,
                "billing.event-polling.enabled", false,
                "billing.networks.fiat.webhook-url", capture.url().toString(),
                "billing.networks.fiat.webhook-secret", "file:" + secretFile));
        FuzzedGateway fuzzed = new FuzzedGateway(capture, database, gateway, secret, jdbcUrl);
        fuzzed.seeded = fuzzed.seed();
        return fuzzed;
    }

    Seeded seeded() {
        return seeded;
    }

    RawHttpClient client() {
        URI base = gateway.url("/");
        return new RawHttpClient(base.getHost(), base.getPort());
    }

    DatabaseFingerprint fingerprint() throws SQLException {
        return new DatabaseFingerprint(database.connect());
    }

    /** Every route the running gateway serves, as {@code METHOD /path/template}. */
    List<String> routes() {
        return gateway.context().getBean(Router.class).uriRoutes()
                .map(route -> route.getHttpMethodName() + " " + route.getUriMatchTemplate().toString())
                .distinct().sorted().toList();
    }

    JsonMapper json() {
        return gateway.context().getBean(JsonMapper.class);
    }

    /** Texts no answer may contain, by name. */
    Map<String, String> secrets() {
        return Map.of("the JDBC URL", jdbcUrl, "the database password (a parameter of the JDBC URL)", DATABASE_PASSWORD_CANARY,
                "the JWT secret", TestingGateway.JWT_SECRET, "the service token", TestingGateway.SERVICE_TOKEN, "the PSP's webhook secret", webhookSecret);
    }

    private Seeded seed() {
        String admin = TestingGateway.token("fuzz-seeder", Roles.BILLING_ADMIN);
        String user = TestingGateway.token(Credentials.USER);
        createPlan(admin, ONE_TIME_PLAN, null, "100000");
        createPlan(admin, RECURRING_PLAN, "P30D", "1999");
        String managedPlanId = createPlan(admin, MANAGED_PLAN, "P30D", "500");

        expect(gateway.post("/v1/billing/checkout", user, checkout(ONE_TIME_PLAN), "Idempotency-Key", "seed-pending"), 201);
        TestingGateway.Response subscribed = expect(gateway.post("/v1/billing/subscribe", user, checkout(RECURRING_PLAN), "Idempotency-Key", "seed-subscription"), 201);
        SignedDelivery webhook = payAndConfirm();
        return new Seeded(ONE_TIME_PLAN, RECURRING_PLAN, managedPlanId, subscribed.json().get("subscriptionId").getStringValue(), webhook);
    }

    /**
     * A confirmed payment with at least {@value #REFUNDABLE_LEFT} minor units not yet refunded; a new one when
     * the fuzz cases have refunded the last one (a refund without an amount refunds everything).
     */
    String refundablePayment() {
        boolean enoughLeft = refundablePayment != null && database.count("""
                SELECT COUNT(*) FROM payment_transactions WHERE id = ?::uuid AND status = 'confirmed' AND amount - refunded_amount >= ?""",
                refundablePayment, REFUNDABLE_LEFT) == 1;
        if (!enoughLeft) {
            payAndConfirm();
        }
        return refundablePayment;
    }

    /** The id of a new plan nobody bought, for a deletion that must succeed; one per call, since a deletion ends it. */
    String unsoldPlan() {
        return createPlan(TestingGateway.token("fuzz-seeder", Roles.BILLING_ADMIN), "fuzz-unsold-" + unsoldPlans.incrementAndGet(), "P30D", "700");
    }

    /**
     * A subscription the staff actions may act on again and again: {@code active} or {@code past_due}, with a
     * cancellation scheduled far in the future, so no charge lane claims it and "cancel at period end" and "retry now"
     * keep being accepted. Written as rows: the staff actions never ask its provider.
     */
    String staffSubscription(String status) {
        String id = java.util.UUID.nameUUIDFromBytes(("fuzz-staff-" + status).getBytes(StandardCharsets.UTF_8)).toString();
        if (database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE id = ?::uuid", id) == 0) {
            String plan = database.text("SELECT id FROM billing_plans WHERE slug = ?", RECURRING_PLAN);
            String checkout = java.util.UUID.nameUUIDFromBytes(("fuzz-staff-checkout-" + status).getBytes(StandardCharsets.UTF_8)).toString();
            database.update("""
                    INSERT INTO payment_transactions (id, user_id, network, chain_id, provider_id, product_type, product_id, plan_id, subscription_id, token,
                           amount, refunded_amount, status, confirmed_at, created_at, updated_at, row_version)
                    VALUES (?::uuid, 'fuzz-staff', 'fiat', 'fiat:mock', 'mock-fiat', 'plan_subscription', ?, ?::uuid, ?::uuid, 'USD', 1999, 0, 'confirmed',
                            CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)""", checkout, plan, plan, id);
            database.update("""
                    INSERT INTO billing_subscription_state (id, user_id, plan_id, terms_version, network, chain_id, provider_id, provider_subscription_ref,
                           checkout_ledger_id, token, amount, billing_period_seconds, status, next_charge_at, retry_at, cancel_at, failure_count,
                           created_at, updated_at, row_version)
                    VALUES (?::uuid, 'fuzz-staff', ?::uuid, 1, 'fiat', 'fiat:mock', 'mock-fiat', ?, ?::uuid, 'USD', 1999, 2592000, ?,
                            TIMESTAMP WITH TIME ZONE '2099-01-01 00:00:00+00', TIMESTAMP WITH TIME ZONE '2099-01-01 00:00:00+00',
                            TIMESTAMP WITH TIME ZONE '2099-02-01 00:00:00+00', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)""",
                    id, plan, "fuzz-staff-" + status, checkout, status);
        }
        return id;
    }

    /** A pending payment, so a correction to {@code confirmed} is accepted; a new one once the last was corrected. */
    String pendingPayment() {
        String id = database.text("SELECT MIN(CAST(id AS VARCHAR(36))) FROM payment_transactions WHERE user_id = 'fuzz-staff' AND status = 'pending'");
        if (id != null) {
            return id;
        }
        String fresh = java.util.UUID.randomUUID().toString();
        database.update("""
                INSERT INTO payment_transactions (id, user_id, network, chain_id, provider_id, product_type, product_id, token, amount, refunded_amount,
                       status, created_at, updated_at, row_version)
                VALUES (?::uuid, 'fuzz-staff', 'fiat', 'fiat:mock', 'mock-fiat', 'plan_purchase', 'fuzz', 'USD', 1999, 0, 'pending',
                        CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)""", fresh);
        return fresh;
    }

    /** Buys the one-time plan, pays on the PSP's page and forwards the PSP's webhook: a confirmed payment. */
    private SignedDelivery payAndConfirm() {
        String user = TestingGateway.token(Credentials.USER);
        TestingGateway.Response paid = expect(gateway.post("/v1/billing/checkout", user, checkout(ONE_TIME_PLAN), "Idempotency-Key",
                "seed-paid-" + forwarded.size()), 201);
        int payment = MockFiatPayer.pay(paid.json().get("payload").get("url").getStringValue(), MockFiatPayer.SUCCESS_CARD);
        if (payment != 200) {
            throw new IllegalStateException("the mock PSP refused the seed payment: " + payment);
        }
        WebhookCapture.Delivery delivery = Eventually.await("the PSP's webhook of the seed payment", Duration.ofSeconds(20), capture::deliveries,
                deliveries -> deliveries.stream().anyMatch(this::newPaymentEvent)).stream().filter(this::newPaymentEvent).findFirst().orElseThrow();
        SignedDelivery webhook = new SignedDelivery(header(delivery, "webhook-id"), Long.parseLong(header(delivery, "webhook-timestamp")),
                header(delivery, "webhook-signature"), delivery.body(), parse(delivery.body()), webhookSecret);
        forwarded.add(webhook.id());
        TestingGateway.Response forwardedAnswer = gateway.send(HttpRequest.newBuilder(gateway.url("/v1/billing/networks/fiat/webhook"))
                .header("Content-Type", "application/json")
                .header("webhook-id", webhook.id())
                .header("webhook-timestamp", Long.toString(webhook.timestamp()))
                .header("webhook-signature", webhook.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body())).build());
        expect(forwardedAnswer, 200);
        String paymentId = paid.json().get("ledgerId").getStringValue();
        if (database.count("SELECT COUNT(*) FROM payment_transactions WHERE id = ?::uuid AND status = 'confirmed'", paymentId) != 1) {
            throw new IllegalStateException("the seed payment was not confirmed by its webhook");
        }
        refundablePayment = paymentId;
        return webhook;
    }

    private boolean newPaymentEvent(WebhookCapture.Delivery delivery) {
        return new String(delivery.body(), StandardCharsets.UTF_8).contains("\"payment.succeeded\"") && !forwarded.contains(header(delivery, "webhook-id"));
    }

    private Map<String, Object> parse(byte[] body) {
        try {
            return json().readValue(body, Argument.mapOf(String.class, Object.class));
        }
        catch (IOException e) {
            throw new IllegalStateException("the PSP's webhook is not a JSON object: " + e.getMessage(), e);
        }
    }

    private String createPlan(String admin, String slug, String period, String amount) {
        String body = "{\"slug\": \"" + slug + "\", \"name\": \"" + slug + "\", " + (period == null ? "" : "\"billingPeriod\": \"" + period + "\", ")
                + "\"prices\": [{\"network\": \"fiat\", \"asset\": \"USD\", \"amount\": \"" + amount + "\"}]}";
        return expect(gateway.post("/v1/billing/admin/plans", admin, body), 201).json().get("id").getStringValue();
    }

    private static String checkout(String plan) {
        return "{\"plan\": \"" + plan + "\", \"network\": \"fiat\", \"returnUrl\": \"https://shop.example/done\"}";
    }

    private static TestingGateway.Response expect(TestingGateway.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("seeding the fuzzed gateway failed: expected " + status + ", got " + response.status() + ": " + response.body());
        }
        return response;
    }

    private static String header(WebhookCapture.Delivery delivery, String name) {
        return delivery.headers().entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(entry -> entry.getValue().getFirst()).findFirst()
                .orElseThrow(() -> new IllegalStateException("the PSP's webhook has no " + name + " header"));
    }

    @Override
    public void close() {
        gateway.close();
        database.close();
        capture.close();
    }
}

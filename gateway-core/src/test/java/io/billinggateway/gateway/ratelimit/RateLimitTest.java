package io.billinggateway.gateway.ratelimit;

import io.billinggateway.gateway.security.Roles;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The abuse limits over HTTP, with small limits set here: per user on checkout and subscribe, per client address
 * on anonymous endpoints and webhooks. The gateway trusts the loopback address as a proxy, so each test plays its
 * own clients through {@code X-Forwarded-For}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitTest {
    private static final String CHECKOUT_BODY = "{\"plan\": \"limited-plan\", \"network\": \"fiat\"}";
    private static final String SUBSCRIBE_BODY = "{\"plan\": \"limited-subscription\", \"network\": \"fiat\"}";

    private TestingDatabase database;
    private TestingGateway gateway;

    @BeforeAll
    void start() throws Exception {
        database = TestingDatabase.h2();
        gateway = TestingGateway.start(database, Files.createTempDirectory("rate-limit"), Map.of(
                "billing.rate-limits.checkout.per-minute", 1, "billing.rate-limits.checkout.burst", 2,
                "billing.rate-limits.anonymous.per-minute", 1, "billing.rate-limits.anonymous.burst", 3,
                "billing.rate-limits.webhooks.per-minute", 1, "billing.rate-limits.webhooks.burst", 2,
                "billing.rate-limits.trusted-proxies", "127.0.0.1,::1"));
        createPlan("""
                {"slug": "limited-plan", "name": "Limited", "prices": [{"network": "fiat", "asset": "USD", "amount": "100"}]}""");
        createPlan("""
                {"slug": "limited-subscription", "name": "Limited", "billingPeriod": "P30D", "prices": [{"network": "fiat", "asset": "USD", "amount": "100"}]}""");
    }

    private void createPlan(String body) {
        TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", TestingGateway.token("admin", Roles.BILLING_ADMIN), body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        gateway.close();
        database.close();
    }

    @Test
    void checkoutAndSubscribeShareOneBucketPerUserAndARefusedRequestStoresNothing() {
        String alice = TestingGateway.token("alice");
        String bob = TestingGateway.token("bob");

        TestingGateway.Response first = gateway.post("/v1/billing/checkout", alice, CHECKOUT_BODY, "Idempotency-Key", "alice-1");
        TestingGateway.Response second = gateway.post("/v1/billing/subscribe", alice, SUBSCRIBE_BODY, "Idempotency-Key", "alice-2");
        TestingGateway.Response third = gateway.post("/v1/billing/checkout", alice, CHECKOUT_BODY, "Idempotency-Key", "alice-3");
        TestingGateway.Response other = gateway.post("/v1/billing/checkout", bob, CHECKOUT_BODY, "Idempotency-Key", "bob-1");

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assertRateLimited(third, 60, "more than 1 checkout and subscribe requests per minute for this user; retry after ");
        assertThat(other.status()).as("another user is not affected: " + other.body()).isEqualTo(201);
        assertThat(database.count("SELECT COUNT(*) FROM billing_idempotency_keys WHERE user_id = 'alice' AND idempotency_key = 'alice-3'")).isZero();
        assertThat(database.count("SELECT COUNT(*) FROM payment_transactions WHERE user_id = 'alice'")).isEqualTo(2);
        assertThat(gateway.context().getBean(MeterRegistry.class).counter("billing_rate_limited_total", "limit", "checkout").count()).isEqualTo(1);
    }

    @Test
    void anonymousEndpointsAreLimitedPerClientAddress() {
        String client = "203.0.113.10";
        List<TestingGateway.Response> allowed = IntStream.range(0, 3).mapToObj(request -> get("/v1/billing/plans", client, null)).toList();

        TestingGateway.Response refused = get("/v1/billing/networks", client, null);

        assertThat(allowed).allSatisfy(response -> assertThat(response.status()).as(response.body()).isEqualTo(200));
        assertRateLimited(refused, 60, "more than 1 requests per minute from this address to endpoints open without a token; retry after ");
        assertThat(get("/health", client, null).status()).as("health counts against the same address").isEqualTo(429);
        assertThat(get("/v1/billing/nowhere", client, null).status()).as("so do unknown paths").isEqualTo(429);
        assertThat(get("/v1/billing/plans", "203.0.113.11", null).status()).as("another address is not affected").isEqualTo(200);
        assertThat(get("/v1/billing/me/subscriptions", client, TestingGateway.token("carol")).status())
                .as("an endpoint that needs a token is not an anonymous endpoint").isEqualTo(200);
    }

    @Test
    void webhooksAreLimitedPerClientAddressBeforeAnythingIsStored() {
        String sender = "198.51.100.20";
        List<Integer> statuses = IntStream.range(0, 3).mapToObj(delivery -> webhook(sender).status()).toList();

        assertThat(statuses.subList(0, 2)).as("within the limit the signature check answers").containsOnly(400);
        assertThat(statuses.get(2)).isEqualTo(429);
        assertRateLimited(webhook(sender), 60, "more than 1 webhook deliveries per minute from this address; retry after ");
        assertThat(webhook("198.51.100.21").status()).as("another sender is not affected").isEqualTo(400);
        assertThat(get("/v1/billing/plans", sender, null).status()).as("webhooks have their own bucket").isEqualTo(200);
        assertThat(database.count("SELECT COUNT(*) FROM billing_webhook_events")).isZero();
    }

    @Test
    void aLimitOfZeroPerMinuteIsOffWhileTheOthersHold() throws Exception {
        try (TestingDatabase otherDatabase = TestingDatabase.h2();
             TestingGateway unlimited = TestingGateway.start(otherDatabase, Files.createTempDirectory("rate-limit-off"), Map.of(
                     "billing.rate-limits.anonymous.per-minute", 0, "billing.rate-limits.anonymous.burst", 1,
                     "billing.rate-limits.webhooks.per-minute", 1, "billing.rate-limits.webhooks.burst", 1))) {
            List<Integer> catalog = IntStream.range(0, 30).mapToObj(request -> unlimited.get("/v1/billing/plans", null).status()).toList();
            List<Integer> webhooks = IntStream.range(0, 2).mapToObj(request -> unlimited.post("/v1/billing/networks/fiat/webhook", null, "{}").status()).toList();

            assertThat(catalog).containsOnly(200);
            assertThat(webhooks).containsExactly(400, 429);
        }
    }

    private TestingGateway.Response get(String path, String client, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.url(path)).timeout(Duration.ofSeconds(30)).header(ClientAddresses.FORWARDED_FOR, client);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return gateway.send(request.build());
    }

    private TestingGateway.Response webhook(String sender) {
        return gateway.send(HttpRequest.newBuilder(gateway.url("/v1/billing/networks/fiat/webhook")).timeout(Duration.ofSeconds(30))
                .header(ClientAddresses.FORWARDED_FOR, sender)
                .header("Content-Type", "application/json")
                .header("webhook-id", "msg_" + UUID.randomUUID())
                .header("webhook-timestamp", Long.toString(System.currentTimeMillis() / 1000))
                .header("webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"payment.succeeded\"}")).build());
    }

    private static void assertRateLimited(TestingGateway.Response response, int maximumRetryAfter, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").getStringValue()).isEqualTo("https://billing-gateway.dev/problems/rate-limited");
        assertThat(response.json().get("code").getStringValue()).isEqualTo("RATE_LIMITED");
        assertThat(response.json().get("retryable").getBooleanValue()).isTrue();
        assertThat(response.json().get("detail").getStringValue()).startsWith(detail);
        assertThat(Integer.parseInt(response.header("Retry-After"))).isBetween(1, maximumRetryAfter);
    }
}

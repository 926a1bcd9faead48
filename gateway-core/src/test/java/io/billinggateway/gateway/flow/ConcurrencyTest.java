package io.billinggateway.gateway.flow;

import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.billinggateway.gateway.testing.WebhookCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Idempotency under concurrency, on PostgreSQL: duplicate checkouts and hostile webhook traffic. */
class ConcurrencyTest {
    private static final long SEED = 20261123L;

    @TempDir
    Path home;

    @Test
    void hundredConcurrentIdenticalCheckoutsMakeOneLedgerEntry() throws Exception {
        try (TestingDatabase database = TestingDatabase.postgres();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            createPlan(gateway, "report", null);
            String user = TestingGateway.token("user-" + UUID.randomUUID());
            String body = """
                    {"plan": "report", "network": "fiat"}""";

            List<TestingGateway.Response> responses = concurrently(100, 16, index -> gateway.post("/v1/billing/checkout", user, body, "Idempotency-Key", "same-key"));

            assertThat(responses).allSatisfy(response -> assertThat(response.status()).as(response.body()).isEqualTo(201));
            assertThat(responses.stream().map(response -> response.json().get("ledgerId").getStringValue()).distinct()).hasSize(1);
            assertThat(responses.stream().map(response -> response.json().get("payload").get("url").getStringValue()).distinct()).hasSize(1);
            assertThat(responses.stream().filter(response -> "false".equals(response.header("Idempotent-Replayed")))).hasSize(1);
            assertThat(database.count("SELECT COUNT(*) FROM payment_transactions")).isEqualTo(1);

            TestingGateway.Response reused = gateway.post("/v1/billing/checkout", user, """
                    {"plan": "report", "network": "fiat", "returnUrl": "https://shop.example/done"}""", "Idempotency-Key", "same-key");
            assertThat(reused.status()).isEqualTo(422);
            assertThat(reused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(reused.json().get("type").getStringValue()).isEqualTo("https://billing-gateway.dev/problems/idempotency-key-reused");
            assertThat(database.count("SELECT COUNT(*) FROM payment_transactions")).isEqualTo(1);
        }
    }

    @Test
    void duplicatedShuffledAndForgedWebhooksApplyEachGenuineEventOnce() throws Exception {
        try (WebhookCapture capture = new WebhookCapture();
             TestingDatabase database = TestingDatabase.postgres();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of("billing.networks.fiat.webhook-url", capture.url().toString()))) {
            createPlan(gateway, "report", null);
            createPlan(gateway, "pro", "P30D");
            int payments = 40;
            for (int index = 0; index < payments; index++) {
                String user = TestingGateway.token("user-" + index);
                String path = index % 2 == 0 ? "/v1/billing/checkout" : "/v1/billing/subscribe";
                String plan = index % 2 == 0 ? "report" : "pro";
                TestingGateway.Response started = gateway.post(path, user, "{\"plan\": \"" + plan + "\", \"network\": \"fiat\"}", "Idempotency-Key", "key-" + index);
                assertThat(started.status()).as(started.body()).isEqualTo(201);
                assertThat(MockFiatPayer.pay(started.json().get("payload").get("url").getStringValue(), MockFiatPayer.SUCCESS_CARD)).isEqualTo(200);
            }
            // One-time payments send one event, subscriptions two (activated, confirmed): 20 + 40 genuine events.
            List<WebhookCapture.Delivery> genuine = Eventually.await("the PSP's webhooks", Duration.ofSeconds(30), capture::deliveries,
                    deliveries -> deliveries.size() >= 60);
            assertThat(database.count("SELECT COUNT(*) FROM payment_transactions WHERE status = 'confirmed'")).as("nothing reached the gateway yet").isZero();

            Random random = new Random(SEED);
            List<Delivery> traffic = new ArrayList<>();
            for (WebhookCapture.Delivery delivery : genuine) {
                int copies = 1 + random.nextInt(6);
                for (int copy = 0; copy < copies; copy++) {
                    traffic.add(new Delivery(request(gateway, delivery.headers(), delivery.body()), "genuine"));
                }
            }
            while (traffic.size() < 500) {
                traffic.add(forge(gateway, genuine.get(random.nextInt(genuine.size())), random));
            }
            Collections.shuffle(traffic, random);

            List<Integer> statuses = concurrently(traffic.size(), 12, index -> gateway.send(traffic.get(index).request()).status());

            for (int index = 0; index < traffic.size(); index++) {
                Delivery delivery = traffic.get(index);
                assertThat(statuses.get(index)).as("delivery %d (%s)", index, delivery.kind()).isEqualTo(delivery.genuine() ? 200 : 400);
            }
            assertThat(traffic.stream().filter(Delivery::genuine).count()).as("genuine deliveries").isGreaterThanOrEqualTo(genuine.size());
            assertThat(database.count("SELECT COUNT(*) FROM billing_webhook_events")).isEqualTo(60);
            assertThat(database.count("SELECT COUNT(*) FROM billing_webhook_events WHERE applied_at IS NULL")).isZero();
            assertThat(database.count("SELECT COUNT(*) FROM payment_transactions WHERE status = 'confirmed'")).isEqualTo(payments);
            assertThat(database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE status = 'active'")).isEqualTo(payments / 2);
            assertThat(database.count("SELECT COUNT(*) FROM billing_outbox WHERE event_type = 'billing.payment.confirmed.v1'")).isEqualTo(payments);
            assertThat(database.count("SELECT COUNT(*) FROM billing_outbox WHERE event_type = 'billing.subscription.activated.v1'")).isEqualTo(payments / 2);
        }
    }

    /** One request of the traffic and what it is: genuine, or which forgery. */
    private record Delivery(HttpRequest request, String kind) {
        boolean genuine() {
            return kind.equals("genuine");
        }
    }

    private static Delivery forge(TestingGateway gateway, WebhookCapture.Delivery delivery, Random random) {
        Map<String, List<String>> headers = new java.util.HashMap<>(delivery.headers());
        byte[] body = delivery.body().clone();
        int kind = random.nextInt(3);
        switch (kind) {
            case 0 -> {
                String text = new String(body, StandardCharsets.UTF_8).replace("\"1999\"", "\"1\"").replace("\"500\"", "\"1\"");
                body = (text + " ").getBytes(StandardCharsets.UTF_8);
            }
            case 1 -> replaceHeader(headers, "Webhook-Signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
            default -> replaceHeader(headers, "Webhook-Id", "msg_forged_" + random.nextInt(1_000_000));
        }
        return new Delivery(request(gateway, headers, body), List.of("forged: tampered body", "forged: wrong signature", "forged: changed webhook id").get(kind));
    }

    private static void replaceHeader(Map<String, List<String>> headers, String name, String value) {
        headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        headers.put(name, List.of(value));
    }

    private static HttpRequest request(TestingGateway gateway, Map<String, List<String>> headers, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(gateway.url("/v1/billing/networks/fiat/webhook")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> {
            if (name.toLowerCase(java.util.Locale.ROOT).startsWith("webhook-") || name.equalsIgnoreCase("content-type")) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }

    private static void createPlan(TestingGateway gateway, String slug, String period) {
        String admin = TestingGateway.token("admin", "billing_admin");
        String amount = period == null ? "500" : "1999";
        TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", admin, "{\"slug\": \"" + slug + "\", \"name\": \"" + slug + "\", "
                + (period == null ? "" : "\"billingPeriod\": \"" + period + "\", ") + "\"prices\": [{\"network\": \"fiat\", \"asset\": \"USD\", \"amount\": \"" + amount + "\"}]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static <T> List<T> concurrently(int count, int threads, IndexedCall<T> call) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int index = 0; index < count; index++) {
                int current = index;
                futures.add(executor.submit((Callable<T>) () -> call.call(current)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
        finally {
            executor.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface IndexedCall<T> {
        T call(int index) throws Exception;
    }
}

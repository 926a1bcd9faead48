package io.billinggateway.gateway.staff;

import io.billinggateway.gateway.charge.ChargeWorker;
import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff actions (cancel now or at period end, retry now, correction) on PostgreSQL and H2, on subscriptions and
 * payments made through the mock PSP: each action's effect and status history, idempotent replay, a reused key, a
 * missing reason, unknown ids, refusals for the wrong state, and who may act.
 */
class StaffActionsTest {
    private static final String ADMIN = TestingGateway.token("admin-a", "billing_admin");

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void subscriptionActionsMoveTheSubscriptionAndTellTheWholeStoryInItsHistory(String kind) {
        try (TestingDatabase database = database(kind); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            String user = TestingGateway.token("user-" + UUID.randomUUID());
            createPlan(gateway);
            String first = subscribe(gateway, user, "s-1");
            String second = subscribe(gateway, user, "s-2");
            String cancel = "/v1/billing/admin/subscriptions/" + first + "/cancel";
            String body = "{\"when\": \"now\", \"reason\": \"customer asked by phone\"}";

            assertRoles(gateway, cancel, body);
            assertProblem(gateway.post(cancel, ADMIN, body), 400, "Idempotency-Key");
            assertProblem(gateway.post(cancel, ADMIN, "{\"when\": \"now\", \"reason\": \"  \"}", "Idempotency-Key", "c-0"), 400, "reason");
            assertProblem(gateway.post(cancel, ADMIN, "{\"when\": \"later\", \"reason\": \"x\"}", "Idempotency-Key", "c-0"), 400, "when");
            assertProblem(gateway.post(cancel, ADMIN, "{\"when\": \"now\", \"reason\": \"x\", \"force\": true}", "Idempotency-Key", "c-0"), 400, "force");
            assertThat(gateway.post("/v1/billing/admin/subscriptions/" + UUID.randomUUID() + "/cancel", ADMIN, body, "Idempotency-Key", "c-404").status())
                    .isEqualTo(404);

            TestingGateway.Response cancelled = gateway.post(cancel, ADMIN, body, "Idempotency-Key", "c-1");
            assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
            assertThat(cancelled.json().get("status").getStringValue()).isEqualTo("cancelled");
            assertThat(cancelled.json().get("previousStatus").getStringValue()).isEqualTo("active");
            assertThat(cancelled.json().get("providerCancel").getStringValue()).as("the mock PSP has an operator cancel").isEqualTo("cancelled");
            TestingGateway.Response replayed = gateway.post(cancel, ADMIN, body, "Idempotency-Key", "c-1");
            assertThat(replayed.status()).isEqualTo(200);
            assertThat(replayed.body()).isEqualTo(cancelled.body());
            assertProblem(gateway.post(cancel, ADMIN, "{\"when\": \"period_end\", \"reason\": \"customer asked by phone\"}", "Idempotency-Key", "c-1"),
                    422, "Idempotency-Key 'c-1' was already used");
            assertProblem(gateway.post(cancel, ADMIN, body, "Idempotency-Key", "c-2"), 409, "already cancelled");
            assertThat(database.count("SELECT COUNT(*) FROM billing_audit_log WHERE entity_id = ? AND action = 'subscription.cancelled' AND actor = 'admin-a'",
                    first)).isEqualTo(1);

            List<String> story = statuses(gateway, "/v1/billing/admin/subscriptions/" + first);
            assertThat(story).hasSize(4).startsWith("null>pending checkout system", "pending>active provider_event system",
                    "active>active staff admin-a customer asked by phone");
            // the PSP's cancellation webhook may end it before the gateway records the PSP's answer: either ends it once
            assertThat(story.get(3)).isIn("active>cancelled staff admin-a customer asked by phone", "active>cancelled provider_event system");

            String retry = "/v1/billing/admin/subscriptions/" + second + "/retry";
            assertRoles(gateway, retry, "{\"reason\": \"card updated\"}");
            assertProblem(gateway.post(retry, ADMIN, "{\"reason\": \"card updated\"}", "Idempotency-Key", "r-1"), 409, "only a past_due subscription");
            database.update("UPDATE billing_subscription_state SET status = 'past_due', retry_at = ?, failure_count = 1 WHERE id = ?",
                    java.sql.Timestamp.from(Instant.now().plus(Duration.ofDays(2))), UUID.fromString(second));
            TestingGateway.Response retried = gateway.post(retry, ADMIN, "{\"reason\": \"card updated\"}", "Idempotency-Key", "r-1");
            assertThat(retried.status()).as(retried.body()).isEqualTo(200);
            assertThat(database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE id = ? AND retry_at <= ?", UUID.fromString(second),
                    java.sql.Timestamp.from(Instant.now()))).as("due now").isEqualTo(1);
            assertThat(gateway.post(retry, ADMIN, "{\"reason\": \"card updated\"}", "Idempotency-Key", "r-1").body()).isEqualTo(retried.body());
            assertProblem(gateway.post(retry, ADMIN, "{}", "Idempotency-Key", "r-2"), 400, "reason");

            database.update("UPDATE billing_subscription_state SET status = 'active', next_charge_at = ? WHERE id = ?",
                    java.sql.Timestamp.from(Instant.parse("2099-01-01T00:00:00Z")), UUID.fromString(second));
            TestingGateway.Response scheduled = gateway.post("/v1/billing/admin/subscriptions/" + second + "/cancel", ADMIN,
                    "{\"when\": \"period_end\", \"reason\": \"moving to annual\"}", "Idempotency-Key", "p-1");
            assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
            assertThat(scheduled.json().get("status").getStringValue()).isEqualTo("active");
            assertThat(scheduled.json().get("cancelAt").getStringValue()).isEqualTo("2099-01-01T00:00:00Z");
            assertThat(database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE id = ? AND cancel_at IS NOT NULL", UUID.fromString(second)))
                    .isEqualTo(1);
            List<String> history = statuses(gateway, "/v1/billing/admin/subscriptions/" + second);
            assertThat(history).startsWith("null>pending checkout system", "pending>active provider_event system");
            assertThat(history).endsWith("past_due>past_due staff admin-a card updated", "active>active staff admin-a moving to annual");

            database.update("UPDATE billing_subscription_state SET next_charge_at = ?, cancel_at = ? WHERE id = ?", java.sql.Timestamp.from(Instant.now()),
                    java.sql.Timestamp.from(Instant.now()), UUID.fromString(second));
            gateway.context().getBean(ChargeWorker.class).run("fiat", false, 100);
            assertThat(statuses(gateway, "/v1/billing/admin/subscriptions/" + second)).as("ended by the charge lane, not renewed")
                    .endsWith("active>active staff admin-a moving to annual", "active>cancelled charge system");
            assertThat(database.count("SELECT COUNT(*) FROM payment_transactions WHERE subscription_id = ? AND product_type = 'subscription_renewal'",
                    UUID.fromString(second))).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void aCorrectionIsOneMoreTransitionNeverARewrite(String kind) {
        try (TestingDatabase database = database(kind); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            String user = TestingGateway.token("user-" + UUID.randomUUID());
            createPlan(gateway);
            String subscription = subscribe(gateway, user, "s-1");
            String payment = database.text("SELECT checkout_ledger_id FROM billing_subscription_state WHERE id = ?", UUID.fromString(subscription));
            String corrections = "/v1/billing/admin/payments/" + payment + "/corrections";
            String body = "{\"toStatus\": \"failed\", \"reason\": \"chargeback 4711 from the PSP\"}";

            assertRoles(gateway, corrections, body);
            assertProblem(gateway.post(corrections, ADMIN, "{\"toStatus\": \"refunded\", \"reason\": \"x\"}", "Idempotency-Key", "k-0"), 422, "refunds");
            assertProblem(gateway.post(corrections, ADMIN, "{\"toStatus\": \"bogus\", \"reason\": \"x\"}", "Idempotency-Key", "k-0"), 422, "toStatus");
            assertProblem(gateway.post(corrections, ADMIN, "{\"toStatus\": \"confirmed\", \"reason\": \"x\"}", "Idempotency-Key", "k-0"), 409, "already confirmed");
            assertProblem(gateway.post(corrections, ADMIN, "{\"toStatus\": \"failed\"}", "Idempotency-Key", "k-0"), 400, "reason");
            assertThat(gateway.post("/v1/billing/admin/payments/" + UUID.randomUUID() + "/corrections", ADMIN, body, "Idempotency-Key", "k-404").status())
                    .isEqualTo(404);

            TestingGateway.Response corrected = gateway.post(corrections, ADMIN, body, "Idempotency-Key", "k-1");
            assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
            assertThat(corrected.json().get("previousStatus").getStringValue()).isEqualTo("confirmed");
            assertThat(gateway.post(corrections, ADMIN, body, "Idempotency-Key", "k-1").body()).as("replayed").isEqualTo(corrected.body());
            assertProblem(gateway.post("/v1/billing/admin/payments/" + UUID.randomUUID() + "/corrections", ADMIN, body, "Idempotency-Key", "k-1"), 422,
                    "already used");
            TestingGateway.Response back = gateway.post(corrections, ADMIN, "{\"toStatus\": \"confirmed\", \"reason\": \"chargeback reversed\"}",
                    "Idempotency-Key", "k-2");
            assertThat(back.status()).as(back.body()).isEqualTo(201);

            assertThat(statuses(gateway, "/v1/billing/admin/payments/" + payment)).containsExactly(
                    "null>pending checkout system", "pending>confirmed provider_event system", "confirmed>failed staff admin-a chargeback 4711 from the PSP",
                    "failed>confirmed staff admin-a chargeback reversed");
            assertThat(database.count("SELECT COUNT(*) FROM billing_outbox WHERE aggregate_id = ? AND event_type = 'billing.payment.failed.v1'", payment))
                    .isEqualTo(1);
            assertThat(database.count("SELECT COUNT(*) FROM billing_audit_log WHERE entity_id = ? AND action = 'payment.corrected'", payment)).isEqualTo(2);
        }
    }

    private static TestingDatabase database(String kind) {
        return kind.equals("postgres") ? TestingDatabase.postgres() : TestingDatabase.h2();
    }

    private static void createPlan(TestingGateway gateway) {
        assertThat(gateway.post("/v1/billing/admin/plans", ADMIN, """
                {"slug": "pro", "name": "Pro", "billingPeriod": "P30D", "prices": [{"network": "fiat", "asset": "USD", "amount": "1999"}]}""").status())
                .isEqualTo(201);
    }

    /** Subscribes and pays on the mock PSP; returns the subscription id once it is active. */
    private static String subscribe(TestingGateway gateway, String user, String key) {
        TestingGateway.Response subscribed = gateway.post("/v1/billing/subscribe", user, "{\"plan\": \"pro\", \"network\": \"fiat\"}", "Idempotency-Key", key);
        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
        MockFiatPayer.pay(subscribed.json().get("payload").get("url").getStringValue(), MockFiatPayer.SUCCESS_CARD);
        String id = subscribed.json().get("subscriptionId").getStringValue();
        Eventually.await("the subscription to be activated", Duration.ofSeconds(20), () -> gateway.get("/v1/billing/admin/subscriptions/" + id, ADMIN),
                response -> "active".equals(response.json().get("subscription").get("status").getStringValue()));
        return id;
    }

    /** The history as "from>to cause actor reason" lines, in the order the detail page gives them. */
    private static List<String> statuses(TestingGateway gateway, String detail) {
        TestingGateway.Response response = gateway.get(detail, TestingGateway.token("support-a", "support"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        for (JsonNode entry : response.json().get("history").values()) {
            JsonNode reason = entry.get("reason");
            String from = entry.get("fromStatus") == null ? "null" : entry.get("fromStatus").getStringValue();
            String line = from + ">" + entry.get("toStatus").getStringValue() + " " + entry.get("cause").getStringValue() + " "
                    + entry.get("actor").getStringValue();
            lines.add(entry.get("cause").getStringValue().equals("staff") ? line + " " + reason.getStringValue() : line);
        }
        return lines;
    }

    /** No token 401; a user, support, finance_ops and the service token 403; nothing stored for any of them. */
    private static void assertRoles(TestingGateway gateway, String path, String body) {
        assertThat(gateway.post(path, null, body, "Idempotency-Key", "role-0").status()).isEqualTo(401);
        for (String token : List.of(TestingGateway.token("user-x"), TestingGateway.token("support-x", "support"),
                TestingGateway.token("finance-x", "finance_ops"))) {
            assertThat(gateway.post(path, token, body, "Idempotency-Key", "role-1").status()).isEqualTo(403);
        }
        TestingGateway.Response service = gateway.send(HttpRequest.newBuilder(gateway.url(path)).header("Content-Type", "application/json")
                .header("X-Service-Token", TestingGateway.SERVICE_TOKEN).header("Idempotency-Key", "role-2").POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(service.status()).as("the service token is for /internal only").isEqualTo(401);
    }

    private static void assertProblem(TestingGateway.Response response, int status, String detailPart) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body()).contains(detailPart);
    }
}

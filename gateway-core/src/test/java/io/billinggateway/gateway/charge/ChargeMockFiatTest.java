package io.billinggateway.gateway.charge;

import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.MockFiatSubscriber;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renewals against the real mock PSP, end to end: subscribe, pay on the hosted page, the activation webhook, then
 * {@code POST /internal/billing/charge}. A good card renews once (the PSP's charged webhook changes nothing more);
 * {@code 4000000000003063} fails with INSUFFICIENT_FUNDS, is retried, and after the budget ends in the PSP's
 * cancellation; {@code 4000000000000341} is declined and ends at once. The PSP's cancellation webhook that follows
 * never turns a failed subscription into a cancelled one. On PostgreSQL and on the embedded H2.
 */
class ChargeMockFiatTest {
    private static final String RECURRING_INSUFFICIENT_FUNDS = "4000000000003063";
    private static final String RECURRING_DECLINED = "4000000000000341";
    private static final Duration RETRY_BASE = Duration.ofMillis(300);

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "h2"})
    void renewalsSucceedRetryAndFailAgainstTheMockPsp(String databaseKind) {
        try (TestingDatabase database = databaseKind.equals("postgresql") ? TestingDatabase.postgres() : TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of(
                     "billing.networks.fiat.charge-interval", "1h",
                     "billing.networks.fiat.charge-max-retries", "1",
                     "billing.networks.fiat.charge-retry-base", RETRY_BASE.toMillis() + "ms"))) {
            String admin = TestingGateway.token("admin", "billing_admin");
            TestingGateway.Response plan = gateway.post("/v1/billing/admin/plans", admin, """
                    {"slug": "pro", "name": "Pro", "billingPeriod": "P30D", "prices": [{"network": "fiat", "asset": "USD", "amount": "1999"}]}""");
            assertThat(plan.status()).as(plan.body()).isEqualTo(201);
            UUID good = subscribeAndPay(gateway, database, MockFiatPayer.SUCCESS_CARD);
            UUID poor = subscribeAndPay(gateway, database, RECURRING_INSUFFICIENT_FUNDS);
            UUID declined = subscribeAndPay(gateway, database, RECURRING_DECLINED);
            Instant due = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            update(database, "UPDATE billing_subscription_state SET next_charge_at = ?", due.atOffset(ZoneOffset.UTC));
            long webhooksBefore = database.count("SELECT COUNT(*) FROM billing_webhook_events");

            JsonNode first = charge(gateway);

            assertThat(first.get("processed").getIntValue()).isEqualTo(3);
            assertThat(first.get("charged").getIntValue()).isEqualTo(1);
            assertThat(first.get("failed").getIntValue()).isEqualTo(2);
            assertThat(first.get("errors").get(0).getStringValue() + first.get("errors").get(1).getStringValue())
                    .contains("INSUFFICIENT_FUNDS").contains("PAYMENT_DECLINED");
            assertThat(status(database, good)).isEqualTo("active");
            assertThat(database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE id = ? AND next_charge_at = ?", good,
                    due.plus(Duration.ofDays(30)).atOffset(ZoneOffset.UTC))).isEqualTo(1);
            assertThat(status(database, poor)).isEqualTo("past_due");
            assertThat(database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE id = ? AND failure_count = 1 AND retry_at > ?", poor,
                    OffsetDateTime.now().minus(Duration.ofSeconds(5)))).isEqualTo(1);
            assertThat(status(database, declined)).isEqualTo("failed");

            Eventually.await("the poor subscription's retry", Duration.ofSeconds(10),
                    () -> database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE id = ? AND retry_at <= ?", poor, OffsetDateTime.now()), due2 -> due2 == 1);
            JsonNode retry = charge(gateway);

            assertThat(retry.get("processed").getIntValue()).isEqualTo(1);
            assertThat(retry.get("failed").getIntValue()).isEqualTo(1);
            assertThat(status(database, poor)).isEqualTo("failed");
            // charged webhook of the good card, charge-failed webhooks of both bad cards (two for the poor one), cancellations of both
            Eventually.await("the PSP's webhooks about the renewals", Duration.ofSeconds(20),
                    () -> database.count("SELECT COUNT(*) FROM billing_webhook_events WHERE applied_at IS NOT NULL") - webhooksBefore, count -> count >= 6);
            assertThat(database.count("SELECT COUNT(*) FROM billing_webhook_events WHERE event_type = 'SubscriptionCancelled'")).isEqualTo(2);
            assertThat(status(database, poor)).as("the PSP's cancellation leaves it failed").isEqualTo("failed");
            assertThat(status(database, declined)).isEqualTo("failed");
            for (UUID subscription : new UUID[] {poor, declined}) {
                assertThat(outbox(database, "billing.subscription.failed.v1", subscription)).isEqualTo(1);
                assertThat(outbox(database, "billing.subscription.cancelled.v1", subscription)).isZero();
                assertThat(database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE id = ? AND claimed_by IS NULL", subscription))
                        .as("the PSP accepted the final-failure call").isEqualTo(1);
            }
            assertThat(database.count("SELECT COUNT(*) FROM billing_charge_attempt WHERE subscription_id = ? AND outcome_code = 'INSUFFICIENT_FUNDS'", poor)).isEqualTo(2);
            assertThat(database.count("SELECT COUNT(*) FROM payment_transactions WHERE subscription_id = ? AND product_type = 'subscription_renewal'", good))
                    .as("the worker and the PSP's webhook record one renewal").isEqualTo(1);
            assertThat(outbox(database, "billing.subscription.charged.v1", good)).isEqualTo(1);
            assertThat(charge(gateway).get("processed").getIntValue()).isZero();

            // the status history tells each story once, in order, whoever reported it first
            assertThat(history(database, poor)).containsExactly("null>pending checkout", "pending>active provider_event", "active>past_due charge",
                    "past_due>failed charge");
            assertThat(history(database, declined)).containsExactly("null>pending checkout", "pending>active provider_event", "active>failed charge");
            assertThat(history(database, good)).hasSize(3).startsWith("null>pending checkout", "pending>active provider_event");
            assertThat(history(database, good).get(2)).isIn("active>active charge", "active>active provider_event");
            assertThat(database.count("""
                    SELECT COUNT(*) FROM billing_status_history h JOIN payment_transactions p ON p.id = h.entity_id
                    WHERE h.entity_kind = 'payment' AND p.subscription_id = ? AND p.product_type = 'subscription_renewal' AND h.from_status IS NULL
                    AND h.to_status = 'confirmed'""", good)).as("the renewal payment's creation").isEqualTo(1);
        }
    }

    private static UUID subscribeAndPay(TestingGateway gateway, TestingDatabase database, String card) {
        return MockFiatSubscriber.subscribeAndPay(gateway, database, "pro", card);
    }

    private static String status(TestingDatabase database, UUID subscription) {
        for (String status : new String[] {"active", "past_due", "failed", "cancelled", "pending"}) {
            if (database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE id = ? AND status = ?", subscription, status) == 1) {
                return status;
            }
        }
        throw new IllegalStateException("no subscription " + subscription);
    }

    /** A subscription's status history as "from>to cause", in order. */
    private static java.util.List<String> history(TestingDatabase database, UUID subscription) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        try (var connection = database.connect(); var statement = connection.prepareStatement(
                "SELECT from_status, to_status, cause FROM billing_status_history WHERE entity_kind = 'subscription' AND entity_id = ? ORDER BY entity_version")) {
            statement.setObject(1, subscription);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    lines.add(rows.getString(1) + ">" + rows.getString(2) + " " + rows.getString(3));
                }
            }
        }
        catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return lines;
    }

    private static long outbox(TestingDatabase database, String type, UUID subscription) {
        return database.count("SELECT COUNT(*) FROM billing_outbox WHERE event_type = ? AND aggregate_id = ?", type, subscription.toString());
    }

    private static void update(TestingDatabase database, String sql, Object... parameters) {
        try (var connection = database.connect(); var statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < parameters.length; index++) {
                statement.setObject(index + 1, parameters[index]);
            }
            statement.executeUpdate();
        }
        catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode charge(TestingGateway gateway) {
        TestingGateway.Response response = gateway.post("/internal/billing/charge", null, "{\"network\": \"fiat\"}", "X-Service-Token", TestingGateway.SERVICE_TOKEN);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}

package io.billinggateway.gateway.refund;

import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.FailingTrigger;
import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Refunds through the admin API and the PSP's refund webhooks, counted once, on PostgreSQL. */
class RefundTest {
    private static final String ADMIN = TestingGateway.token("admin-r", "billing_admin");

    @TempDir
    Path home;

    @Test
    void partialAndFullRefundsAreIdempotentAndCountedOnceWithTheirWebhooks() {
        try (TestingDatabase database = TestingDatabase.postgres(); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            String user = TestingGateway.token("refund-user");
            Payment payment = confirmedPayment(gateway, user);

            TestingGateway.Response partial = gateway.post(payment.refunds(), ADMIN, "{\"amount\": \"200\", \"reason\": \"goodwill\"}", "Idempotency-Key", "refund-a");
            assertThat(partial.status()).as(partial.body()).isEqualTo(201);
            assertThat(partial.json().get("status").getStringValue()).isEqualTo("succeeded");
            assertThat(partial.json().get("refundedAmount").getStringValue()).isEqualTo("200");
            assertThat(partial.json().get("ledgerStatus").getStringValue()).isEqualTo("confirmed");

            TestingGateway.Response again = gateway.post(payment.refunds(), ADMIN, "{\"amount\": \"200\", \"reason\": \"goodwill\"}", "Idempotency-Key", "refund-a");
            assertThat(again.status()).isEqualTo(201);
            assertThat(again.body()).as("the stored answer is replayed").isEqualTo(partial.body());

            TestingGateway.Response tooMuch = gateway.post(payment.refunds(), ADMIN, "{\"amount\": \"301\"}", "Idempotency-Key", "refund-b");
            assertInvalid(tooMuch, "amount", "300 USD still refundable");

            TestingGateway.Response rest = gateway.post(payment.refunds(), ADMIN, "{}", "Idempotency-Key", "refund-c");
            assertThat(rest.json().get("amount").getStringValue()).isEqualTo("300");
            assertThat(rest.json().get("ledgerStatus").getStringValue()).isEqualTo("refunded");

            Eventually.await("both refund webhooks to be applied", Duration.ofSeconds(20),
                    () -> database.count("SELECT COUNT(*) FROM billing_webhook_events WHERE event_type = 'PaymentRefunded' AND applied_at IS NOT NULL"), count -> count == 2);
            assertThat(database.count("SELECT COUNT(*) FROM billing_refunds")).isEqualTo(2);
            assertThat(database.count("SELECT refunded_amount FROM payment_transactions WHERE product_type = 'plan_purchase'")).isEqualTo(500);
            assertThat(database.count("SELECT COUNT(*) FROM billing_outbox WHERE event_type = 'billing.payment.refunded.v1'")).isEqualTo(2);
            assertThat(gateway.get("/v1/billing/me/history", user).json().get(0).get("status").getStringValue()).isEqualTo("refunded");
            assertThat(auditActions(database, payment)).containsExactly(
                    "payment.refund_requested", "payment.refund_succeeded", "payment.refund_requested", "payment.refund_succeeded");
        }
    }

    @Test
    void invalidRefundBodiesAreRefusedBeforeAnythingIsStoredOrRefunded() {
        try (TestingDatabase database = TestingDatabase.postgres(); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            Payment payment = confirmedPayment(gateway, TestingGateway.token("refund-user"));
            String key = "refund-1";

            assertInvalid(gateway.post(payment.refunds(), ADMIN, "{\"reason\": \"" + "x".repeat(2001) + "\"}", "Idempotency-Key", key), "reason", "at most 2000 characters");
            assertInvalid(gateway.post(payment.refunds(), ADMIN, "{\"reason\": \"a\\u0000b\"}", "Idempotency-Key", key), "reason", "U+0000");
            assertInvalid(gateway.post(payment.refunds(), ADMIN, "{\"reason\": \"a\\u001b[2Jb\"}", "Idempotency-Key", key), "reason", "U+001B");
            assertInvalid(gateway.post(payment.refunds(), ADMIN, "{\"amount\": \"" + "9".repeat(100) + "\"}", "Idempotency-Key", key), "amount", "below 10^78");
            assertInvalid(gateway.post(payment.refunds(), ADMIN, "{\"amount\": \"" + "9".repeat(10_000) + "\"}", "Idempotency-Key", key), "amount", "below 10^78");
            assertInvalid(gateway.post(payment.refunds(), ADMIN, "{\"amount\": \"-5\"}", "Idempotency-Key", key), "amount", "positive integer");
            assertInvalid(gateway.post(payment.refunds(), ADMIN, "{\"amount\": \"0\"}", "Idempotency-Key", key), "amount", "must be positive");
            assertInvalid(gateway.post(payment.refunds(), ADMIN, "{\"amount\": \"501\"}", "Idempotency-Key", key), "amount", "500 USD still refundable");

            assertThat(database.count("SELECT COUNT(*) FROM billing_refund_requests")).isZero();
            assertThat(database.count("SELECT COUNT(*) FROM billing_refunds")).isZero();
            assertThat(auditActions(database, payment)).isEmpty();
            assertThat(pspBalance(gateway, payment).get("refunds").getLongValue()).as("the PSP refunded nothing").isZero();

            TestingGateway.Response valid = gateway.post(payment.refunds(), ADMIN, "{\"reason\": \"line one\\n\\tline two\"}", "Idempotency-Key", key);
            assertThat(valid.status()).as("the refused requests left the key unused: " + valid.body()).isEqualTo(201);
            assertThat(valid.json().get("amount").getStringValue()).isEqualTo("500");
            assertThat(pspBalance(gateway, payment).get("refunded").getStringValue()).isEqualTo("500");
            assertThat(database.text("SELECT reason FROM billing_refunds")).isEqualTo("line one\n\tline two");
        }
    }

    @Test
    void aRefundTheGatewayCouldNotRecordSaysSoAndTheRetryCompletesItWithoutRefundingTwice() {
        try (TestingDatabase database = TestingDatabase.postgres(); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            Payment payment = confirmedPayment(gateway, TestingGateway.token("refund-user"));
            String body = "{\"amount\": \"200\", \"reason\": \"damaged\"}";

            TestingGateway.Response unrecorded;
            try (FailingTrigger ignored = FailingTrigger.onUpdate(database, "billing_refund_requests", "NEW.status = 'succeeded'")) {
                unrecorded = gateway.post(payment.refunds(), ADMIN, body, "Idempotency-Key", "refund-t");
            }
            assertThat(unrecorded.status()).as(unrecorded.body()).isEqualTo(202);
            assertThat(unrecorded.json().get("status").getStringValue()).isEqualTo("unknown");
            assertThat(unrecorded.json().get("detail").getStringValue()).contains("the provider refunded", "same Idempotency-Key");
            String refundRef = unrecorded.json().get("refundRef").getStringValue();
            assertThat(database.text("SELECT status FROM billing_refund_requests WHERE idempotency_key = 'refund-t'")).isEqualTo("unknown");
            assertThat(database.text("SELECT refund_ref FROM billing_refund_requests WHERE idempotency_key = 'refund-t'")).isEqualTo(refundRef);
            assertThat(database.text("SELECT error FROM billing_refund_requests WHERE idempotency_key = 'refund-t'")).contains("recording it failed");
            assertThat(auditActions(database, payment)).containsExactly("payment.refund_requested", "payment.refund_unknown");
            assertThat(pspBalance(gateway, payment).get("refunds").getLongValue()).isEqualTo(1);

            TestingGateway.Response completed = gateway.post(payment.refunds(), ADMIN, body, "Idempotency-Key", "refund-t");
            assertThat(completed.status()).as(completed.body()).isEqualTo(201);
            assertThat(completed.json().get("status").getStringValue()).isEqualTo("succeeded");
            assertThat(completed.json().get("refundRef").getStringValue()).isEqualTo(refundRef);
            assertThat(database.text("SELECT status FROM billing_refund_requests WHERE idempotency_key = 'refund-t'")).isEqualTo("succeeded");
            assertThat(auditActions(database, payment)).containsExactly("payment.refund_requested", "payment.refund_unknown", "payment.refund_succeeded");

            Eventually.await("the refund webhook to be applied", Duration.ofSeconds(20),
                    () -> database.count("SELECT COUNT(*) FROM billing_webhook_events WHERE event_type = 'PaymentRefunded' AND applied_at IS NOT NULL"), count -> count == 1);
            JsonNode balance = pspBalance(gateway, payment);
            assertThat(balance.get("refunds").getLongValue()).as("the PSP refunded once").isEqualTo(1);
            assertThat(balance.get("refunded").getStringValue()).isEqualTo("200");
            assertThat(database.count("SELECT COUNT(*) FROM billing_refunds")).isEqualTo(1);
            assertThat(database.count("SELECT refunded_amount FROM payment_transactions WHERE id = ?", UUID.fromString(payment.ledgerId()))).isEqualTo(200);
        }
    }

    /** A confirmed one-time payment of 500 USD on the mock PSP. */
    private record Payment(String ledgerId, String checkoutUrl) {
        String refunds() {
            return "/v1/billing/admin/payments/" + ledgerId + "/refunds";
        }
    }

    private static Payment confirmedPayment(TestingGateway gateway, String user) {
        assertThat(gateway.post("/v1/billing/admin/plans", ADMIN, """
                {"slug": "refundable", "name": "Refundable", "prices": [{"network": "fiat", "asset": "USD", "amount": "500"}]}""").status()).isEqualTo(201);
        TestingGateway.Response checkout = gateway.post("/v1/billing/checkout", user, "{\"plan\": \"refundable\", \"network\": \"fiat\"}", "Idempotency-Key", "r-1");
        assertThat(checkout.status()).as(checkout.body()).isEqualTo(201);
        String checkoutUrl = checkout.json().get("payload").get("url").getStringValue();
        MockFiatPayer.pay(checkoutUrl, MockFiatPayer.SUCCESS_CARD);
        Eventually.await("the payment to be confirmed", Duration.ofSeconds(20), () -> gateway.get("/v1/billing/me/history", user),
                response -> "confirmed".equals(response.json().get(0).get("status").getStringValue()));
        return new Payment(checkout.json().get("ledgerId").getStringValue(), checkoutUrl);
    }

    private static void assertInvalid(TestingGateway.Response response, String field, String limit) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).getStringValue()).startsWith(field + ":").contains(limit);
    }

    /** The mock PSP's own totals, from its {@code /v1/balance}: what it really refunded. */
    private static JsonNode pspBalance(TestingGateway gateway, Payment payment) {
        URI balance = URI.create(payment.checkoutUrl()).resolve("/v1/balance");
        return gateway.send(HttpRequest.newBuilder(balance).GET().timeout(Duration.ofSeconds(10)).build()).json();
    }

    private static List<String> auditActions(TestingDatabase database, Payment payment) {
        List<String> actions = new ArrayList<>();
        try (var connection = database.connect(); var statement = connection.prepareStatement(
                "SELECT action FROM billing_audit_log WHERE entity_type = 'payment' AND entity_id = ? ORDER BY created_at, action")) {
            statement.setString(1, payment.ledgerId());
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    actions.add(rows.getString(1));
                }
            }
        }
        catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return actions;
    }
}

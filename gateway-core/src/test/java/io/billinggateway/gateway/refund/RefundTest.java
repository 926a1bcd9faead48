package io.billinggateway.gateway.refund;

import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Refunds through the admin API and the PSP's refund webhooks, counted once. */
class RefundTest {
    @TempDir
    Path home;

    @Test
    void partialAndFullRefundsAreIdempotentAndCountedOnceWithTheirWebhooks() {
        try (TestingDatabase database = TestingDatabase.postgres(); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            String admin = TestingGateway.token("admin-r", "billing_admin");
            String user = TestingGateway.token("refund-user");
            assertThat(gateway.post("/v1/billing/admin/plans", admin, """
                    {"slug": "refundable", "name": "Refundable", "prices": [{"network": "fiat", "asset": "USD", "amount": "500"}]}""").status()).isEqualTo(201);
            TestingGateway.Response checkout = gateway.post("/v1/billing/checkout", user, "{\"plan\": \"refundable\", \"network\": \"fiat\"}", "Idempotency-Key", "r-1");
            String ledgerId = checkout.json().get("ledgerId").getStringValue();
            MockFiatPayer.pay(checkout.json().get("payload").get("url").getStringValue(), MockFiatPayer.SUCCESS_CARD);
            Eventually.await("the payment to be confirmed", Duration.ofSeconds(20), () -> gateway.get("/v1/billing/me/history", user),
                    response -> "confirmed".equals(response.json().get(0).get("status").getStringValue()));

            String path = "/v1/billing/admin/payments/" + ledgerId + "/refunds";
            TestingGateway.Response partial = gateway.post(path, admin, "{\"amount\": \"200\", \"reason\": \"goodwill\"}", "Idempotency-Key", "refund-a");
            assertThat(partial.status()).as(partial.body()).isEqualTo(201);
            assertThat(partial.json().get("status").getStringValue()).isEqualTo("succeeded");
            assertThat(partial.json().get("refundedAmount").getStringValue()).isEqualTo("200");
            assertThat(partial.json().get("ledgerStatus").getStringValue()).isEqualTo("confirmed");

            TestingGateway.Response again = gateway.post(path, admin, "{\"amount\": \"200\", \"reason\": \"goodwill\"}", "Idempotency-Key", "refund-a");
            assertThat(again.json().get("refundRef").getStringValue()).isEqualTo(partial.json().get("refundRef").getStringValue());
            assertThat(again.json().get("refundedAmount").getStringValue()).as("the retried request moved nothing").isEqualTo("200");

            TestingGateway.Response tooMuch = gateway.post(path, admin, "{\"amount\": \"301\"}", "Idempotency-Key", "refund-b");
            assertThat(tooMuch.status()).isEqualTo(409);
            assertThat(tooMuch.header("Content-Type")).startsWith("application/problem+json");

            TestingGateway.Response rest = gateway.post(path, admin, "{}", "Idempotency-Key", "refund-c");
            assertThat(rest.json().get("amount").getStringValue()).isEqualTo("300");
            assertThat(rest.json().get("ledgerStatus").getStringValue()).isEqualTo("refunded");

            Eventually.await("both refund webhooks to be applied", Duration.ofSeconds(20),
                    () -> database.count("SELECT COUNT(*) FROM billing_webhook_events WHERE event_type = 'PaymentRefunded' AND applied_at IS NOT NULL"), count -> count == 2);
            assertThat(database.count("SELECT COUNT(*) FROM billing_refunds")).isEqualTo(2);
            assertThat(database.count("SELECT refunded_amount FROM payment_transactions WHERE product_type = 'plan_purchase'")).isEqualTo(500);
            assertThat(database.count("SELECT COUNT(*) FROM billing_outbox WHERE event_type = 'billing.payment.refunded.v1'")).isEqualTo(2);
            assertThat(gateway.get("/v1/billing/me/history", user).json().get(0).get("status").getStringValue()).isEqualTo("refunded");
        }
    }
}

package io.billinggateway.gateway.checkout;

import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.FailingTrigger;
import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Unsubscribing records the request before the provider is asked, on PostgreSQL. */
class UnsubscribeTest {
    @TempDir
    Path home;

    @Test
    void aCancellationTheGatewayCouldNotRecordStopsRenewalsAndIsCompletedByTheRetry() {
        try (TestingDatabase database = TestingDatabase.postgres(); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            String user = TestingGateway.token("user-" + UUID.randomUUID());
            assertThat(gateway.post("/v1/billing/admin/plans", TestingGateway.token("admin", "billing_admin"), """
                    {"slug": "pro", "name": "Pro", "billingPeriod": "P30D", "prices": [{"network": "fiat", "asset": "USD", "amount": "1999"}]}""").status())
                    .isEqualTo(201);
            TestingGateway.Response subscribed = gateway.post("/v1/billing/subscribe", user, "{\"plan\": \"pro\", \"network\": \"fiat\"}", "Idempotency-Key", "s-1");
            MockFiatPayer.pay(subscribed.json().get("payload").get("url").getStringValue(), MockFiatPayer.SUCCESS_CARD);
            String subscriptionId = subscribed.json().get("subscriptionId").getStringValue();
            Eventually.await("the subscription to be activated", Duration.ofSeconds(20), () -> gateway.get("/v1/billing/me/subscriptions", user),
                    response -> "active".equals(response.json().get(0).get("status").getStringValue()));
            String unsubscribe = "{\"subscriptionId\": \"" + subscriptionId + "\"}";

            try (FailingTrigger ignored = FailingTrigger.onUpdate(database, "billing_subscription_state", "NEW.status = 'cancelled'")) {
                TestingGateway.Response unrecorded = gateway.post("/v1/billing/unsubscribe", user, unsubscribe);
                assertThat(unrecorded.status()).as(unrecorded.body()).isEqualTo(500);
                assertThat(unrecorded.json().get("detail").getStringValue()).contains("the provider ended subscription", "send the request again");
                assertThat(database.text("SELECT status FROM billing_subscription_state WHERE id = ?", UUID.fromString(subscriptionId))).isEqualTo("active");
                assertThat(database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE id = ? AND cancel_requested_at IS NOT NULL",
                        UUID.fromString(subscriptionId))).as("the request is recorded, so the charge worker renews it no more").isEqualTo(1);
            }

            TestingGateway.Response completed = gateway.post("/v1/billing/unsubscribe", user, unsubscribe);
            assertThat(completed.status()).as(completed.body()).isEqualTo(200);
            assertThat(completed.json().get("status").getStringValue()).isEqualTo("cancelled");
            assertThat(database.text("SELECT status FROM billing_subscription_state WHERE id = ?", UUID.fromString(subscriptionId))).isEqualTo("cancelled");
        }
    }
}

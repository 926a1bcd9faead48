package io.billinggateway.gateway.flow;

import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole money path against the mock PSP: an admin creates a plan, the catalog shows it with its
 * supportedChains, a user subscribes, pays on the PSP's page, the signed webhook arrives, the ledger entry is
 * confirmed, the subscription is active and the history shows it. Runs on PostgreSQL and on the embedded H2.
 */
class BillingFlowTest {
    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "h2"})
    void subscribeAndPayEndToEnd(String databaseKind) {
        try (TestingDatabase database = databaseKind.equals("postgresql") ? TestingDatabase.postgres() : TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            String admin = TestingGateway.token("admin-1", "billing_admin");
            String user = TestingGateway.token("user-" + UUID.randomUUID());

            TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", admin, """
                    {"slug": "pro-monthly", "name": "Pro", "billingPeriod": "P30D", "prices": [{"network": "fiat", "asset": "USD", "amount": "1999"}]}""");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("networks").get(0).get("status").getStringValue()).isEqualTo("ACTIVE");
            assertThat(created.json().get("networks").get(0).get("providerPlanRef").getStringValue()).startsWith("price_");

            TestingGateway.Response catalog = gateway.get("/v1/billing/plans", null);
            assertThat(catalog.status()).isEqualTo(200);
            JsonNode chain = catalog.json().get(0).get("supportedChains").get(0);
            assertThat(catalog.json().get(0).get("slug").getStringValue()).isEqualTo("pro-monthly");
            assertThat(chain.get("network").getStringValue()).isEqualTo("fiat");
            assertThat(chain.get("chainId").getStringValue()).isEqualTo("fiat:mock");
            assertThat(chain.get("providerId").getStringValue()).isEqualTo("mock-fiat");
            assertThat(chain.get("asset").getStringValue()).isEqualTo("USD");
            assertThat(chain.get("price").getStringValue()).isEqualTo("1999");

            TestingGateway.Response subscribed = gateway.post("/v1/billing/subscribe", user, """
                    {"plan": "pro-monthly", "network": "fiat"}""", "Idempotency-Key", "subscribe-1");
            assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
            assertThat(subscribed.json().get("status").getStringValue()).isEqualTo("pending");
            JsonNode payload = subscribed.json().get("payload");
            assertThat(payload.get("type").getStringValue()).isEqualTo("redirect");
            String ledgerId = subscribed.json().get("ledgerId").getStringValue();

            assertThat(MockFiatPayer.pay(payload.get("url").getStringValue(), MockFiatPayer.SUCCESS_CARD)).isEqualTo(200);

            TestingGateway.Response history = Eventually.await("the payment to be confirmed by the PSP's webhook", Duration.ofSeconds(20),
                    () -> gateway.get("/v1/billing/me/history", user),
                    response -> response.json() != null && response.json().size() > 0 && "confirmed".equals(response.json().get(0).get("status").getStringValue()));
            JsonNode payment = history.json().get(0);
            assertThat(payment.get("id").getStringValue()).isEqualTo(ledgerId);
            assertThat(payment.get("network").getStringValue()).isEqualTo("fiat");
            assertThat(payment.get("token").getStringValue()).isEqualTo("USD");
            assertThat(payment.get("amount").getStringValue()).isEqualTo("1999");
            assertThat(payment.get("txHash").getStringValue()).startsWith("pay_");

            TestingGateway.Response subscriptions = Eventually.await("the subscription to be activated", Duration.ofSeconds(20),
                    () -> gateway.get("/v1/billing/me/subscriptions", user),
                    response -> "active".equals(response.json().get(0).get("status").getStringValue()));
            assertThat(subscriptions.json().get(0).get("nextChargeAt")).isNotNull();
            assertThat(database.count("SELECT COUNT(*) FROM billing_outbox WHERE event_type = 'billing.subscription.activated.v1'")).isEqualTo(1);
            assertThat(database.count("SELECT COUNT(*) FROM billing_outbox WHERE event_type = 'billing.plan.changed.v1'")).isEqualTo(1);
            assertThat(database.count("SELECT COUNT(*) FROM billing_audit_log WHERE actor = 'admin-1' AND action = 'plan.created'")).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "h2"})
    void declinedOneTimePaymentFailsTheLedgerEntry(String databaseKind) {
        try (TestingDatabase database = databaseKind.equals("postgresql") ? TestingDatabase.postgres() : TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            String admin = TestingGateway.token("admin-1", "billing_admin");
            String user = TestingGateway.token("user-" + UUID.randomUUID());
            assertThat(gateway.post("/v1/billing/admin/plans", admin, """
                    {"slug": "report", "name": "One report", "prices": [{"network": "fiat", "asset": "USD", "amount": "500"}]}""").status()).isEqualTo(201);

            TestingGateway.Response checkout = gateway.post("/v1/billing/checkout", user, """
                    {"plan": "report", "chainId": "fiat:mock"}""", "Idempotency-Key", "buy-report");
            assertThat(checkout.status()).as(checkout.body()).isEqualTo(201);
            String page = checkout.json().get("payload").get("url").getStringValue();
            // a declined card leaves the hosted page open for another card; the payer then gives up
            assertThat(MockFiatPayer.pay(page, MockFiatPayer.DECLINED_CARD)).isEqualTo(402);
            assertThat(gateway.get("/v1/billing/me/history", user).json().get(0).get("status").getStringValue()).isEqualTo("pending");
            MockFiatPayer.decline(page);

            TestingGateway.Response history = Eventually.await("the declined payment to fail", Duration.ofSeconds(20),
                    () -> gateway.get("/v1/billing/me/history", user),
                    response -> "failed".equals(response.json().get(0).get("status").getStringValue()));
            assertThat(history.json().get(0).get("failureReason").getStringValue()).contains("PAYMENT_DECLINED");
            assertThat(database.count("SELECT COUNT(*) FROM billing_outbox WHERE event_type = 'billing.payment.failed.v1'")).isEqualTo(1);
        }
    }
}

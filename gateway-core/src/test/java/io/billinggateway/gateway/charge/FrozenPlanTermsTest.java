package io.billinggateway.gateway.charge;

import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.MockFiatSubscriber;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.SkipReason;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: freezing a plan after a price change stops the renewals of existing subscribers on the earlier terms. A
 * price change registers new terms under a new provider reference; the earlier subscriber renews on the old one. Before,
 * the plan's registration row was overwritten with the new reference, so a freeze reached only the new terms and the
 * old subscriber was charged ({@code charged=1 skipped=0}). Now every terms version's reference is kept and frozen, and
 * the charge worker renews nobody on a plan that is not active; unfreezing renews the old subscriber at its own price.
 */
class FrozenPlanTermsTest {
    @TempDir
    Path home;

    @Test
    void freezingAPlanAfterAPriceChangeStopsTheRenewalsOfEarlierTerms() {
        try (TestingDatabase database = TestingDatabase.postgres();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of("billing.networks.fiat.charge-interval", "1h"))) {
            String admin = TestingGateway.token("admin", "billing_admin");
            TestingGateway.Response plan = gateway.post("/v1/billing/admin/plans", admin, """
                    {"slug": "pro", "name": "Pro", "billingPeriod": "P30D", "prices": [{"network": "fiat", "asset": "USD", "amount": "1999"}]}""");
            assertThat(plan.status()).as(plan.body()).isEqualTo(201);
            String planId = plan.json().get("id").getStringValue();
            UUID earlier = MockFiatSubscriber.subscribeAndPay(gateway, database, "pro", MockFiatPayer.SUCCESS_CARD);
            TestingGateway.Response repriced = gateway.patch("/v1/billing/admin/plans/" + planId, admin, """
                    {"prices": [{"network": "fiat", "asset": "USD", "amount": "2999"}]}""");
            assertThat(repriced.status()).as(repriced.body()).isEqualTo(200);
            assertThat(repriced.json().get("termsVersion").getLongValue()).isEqualTo(2);

            TestingGateway.Response frozen = gateway.post("/v1/billing/admin/plans/" + planId + "/freeze", admin, "{}");
            assertThat(frozen.status()).as(frozen.body()).isEqualTo(200);
            Instant due = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
            database.update("UPDATE billing_subscription_state SET next_charge_at = ?", due.atOffset(ZoneOffset.UTC));

            ChargeItem earlierTerms = new ChargeItem(providerRef(database, earlier), due, Money.of(1999, "USD"));
            ChargeOutcome atTheProvider = gateway.context().getBean(ProviderRouter.class).resolve("fiat").provider()
                    .chargeBatch(new ChargeBatchRequest(List.of(earlierTerms))).outcomes().getFirst();
            assertThat(atTheProvider).as("the freeze reached the earlier terms at the PSP")
                    .isInstanceOfSatisfying(ChargeOutcome.Skipped.class, skipped -> assertThat(skipped.reason()).isEqualTo(SkipReason.PLAN_INACTIVE));
            JsonNode whileFrozen = charge(gateway);
            assertThat(whileFrozen.get("processed").getIntValue()).as("a frozen plan renews nobody: " + whileFrozen).isZero();
            assertThat(renewals(database, earlier)).isZero();

            TestingGateway.Response unfrozen = gateway.post("/v1/billing/admin/plans/" + planId + "/unfreeze", admin, "{}");
            assertThat(unfrozen.status()).as(unfrozen.body()).isEqualTo(200);
            JsonNode afterwards = charge(gateway);
            assertThat(afterwards.get("charged").getIntValue()).as("unfrozen, the earlier terms renew again: " + afterwards).isEqualTo(1);
            assertThat(database.count("SELECT COUNT(*) FROM payment_transactions WHERE subscription_id = ? AND product_type = 'subscription_renewal' AND amount = 1999",
                    earlier)).as("at the subscriber's own price").isEqualTo(1);
        }
    }

    private static String providerRef(TestingDatabase database, UUID subscription) {
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT provider_subscription_ref FROM billing_subscription_state WHERE id = ?")) {
            statement.setObject(1, subscription);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long renewals(TestingDatabase database, UUID subscription) {
        return database.count("SELECT COUNT(*) FROM payment_transactions WHERE subscription_id = ? AND product_type = 'subscription_renewal'", subscription);
    }

    private static JsonNode charge(TestingGateway gateway) {
        TestingGateway.Response response = gateway.post("/internal/billing/charge", null, "{\"network\": \"fiat\"}", "X-Service-Token", TestingGateway.SERVICE_TOKEN);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}

package io.billinggateway.gateway.overview;

import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.billinggateway.gateway.overview.OverviewDashboardTest.FINANCE;
import static io.billinggateway.gateway.overview.OverviewDashboardTest.WINDOW;
import static io.billinggateway.gateway.overview.OverviewDashboardTest.entries;
import static io.billinggateway.gateway.overview.OverviewDashboardTest.list;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /overview/networks} and {@code /overview/plans} over {@link OverviewFixture#seedThreeDays()}, figure by figure. */
class OverviewNetworksPlansTest {
    private static final Instant S1_DUE = Instant.parse("2026-03-20T00:00:00Z");

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void networksAndPlansMatchTheirDefinitions(String kind) {
        try (TestingDatabase database = kind.equals("postgres") ? TestingDatabase.postgres() : TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            new OverviewFixture(database).seedThreeDays();

            Instant before = Instant.now();
            TestingGateway.Response response = gateway.get("/v1/billing/overview/networks?" + WINDOW, FINANCE);
            Instant after = Instant.now();

            assertThat(response.status()).as(response.body()).isEqualTo(200);
            List<JsonNode> networks = list(response.json().get("networks"));
            assertThat(networks).extracting(network -> network.get("network").getStringValue()).containsExactly("fiat", "polygon");
            JsonNode fiat = networks.get(0);
            assertThat(entries(fiat.get("volume"))).containsExactly("fiat/USD 13000");
            assertThat(fiat.get("payments").getLongValue()).isEqualTo(4);
            assertThat(fiat.get("successRate").getBigDecimalValue()).isEqualByComparingTo("0.75");
            assertThat(delays(fiat)).containsExactly(60L, 120L);
            assertThat(renewals(fiat)).containsExactly(1L, 0L, 0L, 0L);
            assertThat(fiat.get("backlog").get("due").getLongValue()).isEqualTo(1);
            assertThat(fiat.get("backlog").get("oldestDueSeconds").getLongValue())
                    .isBetween(Duration.between(S1_DUE, before).toSeconds() - 1, Duration.between(S1_DUE, after).toSeconds() + 1);
            assertThat(fiat.get("health").get("status").getStringValue()).isEqualTo("UP");

            JsonNode polygon = networks.get(1);
            assertThat(entries(polygon.get("volume"))).containsExactly("polygon/USDC 1000000");
            assertThat(polygon.get("payments").getLongValue()).isEqualTo(2);
            assertThat(polygon.get("successRate").getBigDecimalValue()).isEqualByComparingTo("1");
            assertThat(delays(polygon)).containsExactly(20L, 20L);
            assertThat(renewals(polygon)).containsExactly(0L, 1L, 1L, 0L);
            assertThat(polygon.get("backlog").get("due").getLongValue()).isZero();
            assertThat(polygon.get("backlog").get("oldestDueSeconds").getLongValue()).isZero();
            assertThat(polygon.get("health").get("status").getStringValue()).as("not among the enabled networks").isEqualTo("NOT_CONFIGURED");

            TestingGateway.Response plans = gateway.get("/v1/billing/overview/plans?" + WINDOW, FINANCE);
            assertThat(plans.status()).as(plans.body()).isEqualTo(200);
            assertThat(list(plans.json().get("plans")).stream().map(OverviewNetworksPlansTest::plan).toList()).containsExactly(
                    "monthly active=1 new=0 churned=0 [fiat/USD active=1 mrr=1000 new=0 churned=0]",
                    "thirty-days active=0 new=0 churned=1 [polygon/USDC active=0 mrr=0 new=0 churned=1]",
                    "yearly active=1 new=1 churned=0 [fiat/USD active=1 mrr=1000 new=1 churned=0]");
        }
    }

    private static List<Long> delays(JsonNode network) {
        JsonNode delay = network.get("confirmationDelay");
        return List.of(delay.get("p50Seconds").getLongValue(), delay.get("p95Seconds").getLongValue());
    }

    private static List<Long> renewals(JsonNode network) {
        JsonNode renewals = network.get("renewals");
        return List.of(renewals.get("charged").getLongValue(), renewals.get("skipped").getLongValue(), renewals.get("failed").getLongValue(),
                renewals.get("pending").getLongValue());
    }

    private static String plan(JsonNode plan) {
        return plan.get("slug").getStringValue() + " active=" + plan.get("active").getLongValue() + " new=" + plan.get("newSubscriptions").getLongValue()
                + " churned=" + plan.get("churned").getLongValue() + " " + list(plan.get("byNetwork")).stream()
                .map(asset -> asset.get("network").getStringValue() + "/" + asset.get("token").getStringValue() + " active=" + asset.get("active").getLongValue()
                        + " mrr=" + asset.get("mrr").getStringValue() + " new=" + asset.get("newSubscriptions").getLongValue()
                        + " churned=" + asset.get("churned").getLongValue())
                .toList();
    }
}

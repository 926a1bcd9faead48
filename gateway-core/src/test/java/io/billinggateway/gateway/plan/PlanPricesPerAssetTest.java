package io.billinggateway.gateway.plan;

import io.billinggateway.gateway.security.Roles;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plan with several prices on one network (a native coin and a token, on the test-only {@code testing-wallet} network):
 * registered once per asset, all shown in the catalog's {@code supportedChains}, chosen at checkout by {@code asset}, and
 * a 422 naming the choices when a buyer does not choose.
 */
class PlanPricesPerAssetTest {
    private static final String ADMIN = TestingGateway.token("admin-p", Roles.BILLING_ADMIN);
    private static final String WALLET = "wallet";

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void aNetworkSellsAPlanInSeveralAssetsAndTheBuyerChoosesOne(String kind) {
        try (TestingDatabase database = kind.equals("postgres") ? TestingDatabase.postgres() : TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, properties())) {
            TestingGateway.Response duplicate = gateway.post("/v1/billing/admin/plans", ADMIN, """
                    {"slug": "twice", "name": "Twice", "billingPeriod": "P30D", "prices": [
                      {"network": "wallet", "asset": "TNC", "amount": "1000"}, {"network": "wallet", "asset": "TNC", "amount": "2000"}]}""");
            assertThat(duplicate.status()).isEqualTo(400);
            assertThat(strings(duplicate.json().get("errors")))
                    .containsExactly("prices[1].asset: network 'wallet' lists asset 'TNC' twice; give each asset one price");

            TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", ADMIN, """
                    {"slug": "multi", "name": "Multi", "billingPeriod": "P30D", "prices": [
                      {"network": "wallet", "asset": "TNC", "amount": "1000"}, {"network": "wallet", "asset": "TTK", "amount": "5000000"},
                      {"network": "fiat", "asset": "USD", "amount": "700"}]}""");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            List<String> registrations = new ArrayList<>();
            created.json().get("networks").values().forEach(row -> registrations.add(row.get("network").getStringValue() + " " + row.get("asset").getStringValue()
                    + " " + row.get("price").getStringValue() + " " + row.get("status").getStringValue() + " " + row.get("providerPlanRef").getStringValue()));
            String planId = created.json().get("id").getStringValue();
            assertThat(registrations).as("each price of the wallet network is its own plan at the provider").containsExactly(
                    "fiat USD 700 ACTIVE " + created.json().get("networks").get(0).get("providerPlanRef").getStringValue(),
                    "wallet TNC 1000 ACTIVE wallet-plan:" + planId + ":TNC#1",
                    "wallet TTK 5000000 ACTIVE wallet-plan:" + planId + ":TTK#1");

            assertThat(supportedChains(gateway, "multi")).containsExactly(
                    "fiat USD 700 decimals 2", "wallet TNC 1000 decimals 18", "wallet TTK 5000000 decimals 6");

            long ledgerBefore = database.count("SELECT COUNT(*) FROM payment_transactions");
            TestingGateway.Response unchosen = subscribe(gateway, "{\"plan\": \"multi\", \"network\": \"wallet\"}", "k-1");
            assertThat(unchosen.status()).as(unchosen.body()).isEqualTo(422);
            assertThat(unchosen.header("Content-Type")).startsWith("application/problem+json");
            assertThat(unchosen.json().get("code").getStringValue()).isEqualTo("ASSET_REQUIRED");
            assertThat(unchosen.json().get("detail").getStringValue()).isEqualTo("plan 'multi' has several prices on network 'wallet' "
                    + "(TNC 1000, TTK 5000000); choose one with \"asset\", e.g. \"asset\": \"TNC\"");
            TestingGateway.Response unknown = subscribe(gateway, "{\"plan\": \"multi\", \"network\": \"wallet\", \"asset\": \"XYZ\"}", "k-2");
            assertThat(unknown.status()).isEqualTo(422);
            assertThat(unknown.json().get("code").getStringValue()).isEqualTo("ASSET_NOT_SOLD");
            assertThat(unknown.json().get("detail").getStringValue())
                    .isEqualTo("plan 'multi' is not sold in 'XYZ' on network 'wallet'; it is sold there in TNC 1000, TTK 5000000");
            TestingGateway.Response conflicting = subscribe(gateway, "{\"plan\": \"multi\", \"network\": \"wallet\", \"asset\": \"TNC\", \"token\": \"TTK\"}", "k-3");
            assertThat(conflicting.status()).isEqualTo(400);
            assertThat(database.count("SELECT COUNT(*) FROM payment_transactions")).as("a refused checkout leaves no trace").isEqualTo(ledgerBefore);

            TestingGateway.Response inToken = subscribe(gateway, "{\"plan\": \"multi\", \"network\": \"wallet\", \"asset\": \"TTK\"}", "k-4");
            assertThat(inToken.status()).as(inToken.body()).isEqualTo(201);
            assertThat(inToken.json().get("token").getStringValue()).isEqualTo("TTK");
            assertThat(inToken.json().get("amount").getStringValue()).isEqualTo("5000000");
            assertThat(inToken.json().get("payload").get("url").getStringValue()).endsWith("?asset=TTK");
            TestingGateway.Response inCoin = subscribe(gateway, "{\"plan\": \"multi\", \"network\": \"wallet\", \"token\": \"tnc\"}", "k-5");
            assertThat(inCoin.status()).as(inCoin.body()).isEqualTo(201);
            assertThat(inCoin.json().get("token").getStringValue()).isEqualTo("TNC");
            assertThat(inCoin.json().get("amount").getStringValue()).isEqualTo("1000");
            assertThat(subscribe(gateway, "{\"plan\": \"multi\", \"network\": \"fiat\"}", "k-6").status()).as("one price needs no choice").isEqualTo(201);

            TestingGateway.Response repriced = gateway.patch("/v1/billing/admin/plans/multi", ADMIN, """
                    {"prices": [{"network": "wallet", "asset": "TNC", "amount": "2000"}]}""");
            assertThat(repriced.status()).as(repriced.body()).isEqualTo(200);
            assertThat(repriced.json().get("termsVersion").getLongValue()).isEqualTo(2);
            assertThat(supportedChains(gateway, "multi")).as("a listed network gets exactly the listed prices; fiat keeps its own")
                    .containsExactly("fiat USD 700 decimals 2", "wallet TNC 2000 decimals 18");
            assertThat(database.count("SELECT COUNT(*) FROM billing_plan_terms_registrations WHERE network = 'wallet'"))
                    .as("the earlier terms of both assets stay, for their subscribers").isEqualTo(3);
            TestingGateway.Response single = subscribe(gateway, "{\"plan\": \"multi\", \"network\": \"wallet\"}", "k-7");
            assertThat(single.status()).as(single.body()).isEqualTo(201);
            assertThat(single.json().get("amount").getStringValue()).isEqualTo("2000");

            TestingGateway.Response frozen = gateway.post("/v1/billing/admin/plans/multi/freeze", ADMIN, "");
            assertThat(frozen.status()).isEqualTo(200);
            assertThat(database.count("SELECT COUNT(*) FROM billing_plan_terms_registrations WHERE network = 'wallet' AND status = 'FROZEN'"))
                    .as("every asset's every terms version is frozen").isEqualTo(3);
        }
    }

    private static TestingGateway.Response subscribe(TestingGateway gateway, String body, String key) {
        return gateway.post("/v1/billing/subscribe", TestingGateway.token("buyer-p"), body, "Idempotency-Key", key);
    }

    private static List<String> supportedChains(TestingGateway gateway, String slug) {
        List<String> chains = new ArrayList<>();
        JsonNode plan = gateway.get("/v1/billing/plans/" + slug, null).json();
        plan.get("supportedChains").values().forEach(chain -> chains.add(chain.get("network").getStringValue() + " " + chain.get("asset").getStringValue() + " "
                + chain.get("price").getStringValue() + " decimals " + chain.get("decimals").getIntValue()));
        return chains;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.values().forEach(value -> values.add(value.getStringValue()));
        return values;
    }

    private static Map<String, Object> properties() {
        return Map.of("billing.enabled-networks", "fiat," + WALLET,
                "billing.networks.wallet.provider", TestingWalletPspFactory.PROVIDER_ID,
                "billing.networks.wallet.chain-id", "eip155:999");
    }
}

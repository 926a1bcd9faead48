package io.billinggateway.gateway.evm;

import io.billinggateway.contracts.TestToken;
import io.billinggateway.contracts.Web3jTransactionSender;
import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18 on a real chain: the deploy command with {@code --token test} writes a file the gateway loads as it is (only
 * the private keys and the confirmations of a local chain come from elsewhere), and one plan is sold on bsc in the native
 * coin and in the deployed token, two on-chain plans; one buyer pays in BNB, another in BTT, each through ethers.js as a
 * wallet would, and both subscriptions become active with the asset each chose.
 */
class NativeAndTokenPricesTest {
    private static final BigInteger NATIVE_PRICE = BigInteger.TEN.pow(15);
    private static final BigInteger TOKEN_PRICE = BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(5));
    private static final int SECOND_PAYER = 5;

    @TempDir
    Path home;

    @Test
    void aPlanPricedInBnbAndTheTestTokenIsBoughtInEach() {
        try (LocalChain bsc = LocalChain.start("bsc", 56); TestingDatabase database = TestingDatabase.postgres()) {
            Map<Integer, Path> keyFiles = bsc.writeKeyFiles(home.resolve("secrets"));
            Map<String, String> file = bsc.deploy(home, keyFiles, "--token", "test");
            assertThat(file).as("what the gateway needs besides the keys is in the file")
                    .containsEntry("token-code", "BTT").containsEntry("token-decimals", "18").containsEntry("native-code", "BNB")
                    .containsEntry("rpc-urls", bsc.rpcUrl()).containsKey("token-address");

            Map<String, Object> properties = new HashMap<>();
            properties.put("billing.enabled-networks", "bsc");
            file.forEach((key, value) -> properties.put("billing.networks.bsc." + key, value));
            properties.put("billing.networks.bsc.author-key", "file:" + keyFiles.get(LocalChain.AUTHOR));
            properties.put("billing.networks.bsc.automation-key", "file:" + keyFiles.get(LocalChain.AUTOMATION));
            properties.put("billing.networks.bsc.operator-key", "file:" + keyFiles.get(LocalChain.OPERATOR));
            properties.put("billing.networks.bsc.confirmations", "0");
            properties.put("billing.charge.enabled", "false");
            properties.put("billing.event-polling.interval", "500ms");
            try (TestingGateway gateway = TestingGateway.start(database, home, properties)) {
                String admin = TestingGateway.token("admin-t", "billing_admin");
                TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", admin, """
                        {"slug": "dual", "name": "Dual", "billingPeriod": "P30D", "prices": [
                          {"network": "bsc", "asset": "BNB", "amount": "%s"}, {"network": "bsc", "asset": "BTT", "amount": "%s"}]}"""
                        .formatted(NATIVE_PRICE, TOKEN_PRICE));
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                JsonNode registrations = created.json().get("networks");
                assertThat(registrations.size()).isEqualTo(2);
                List<String> references = new ArrayList<>();
                for (JsonNode registration : registrations.values()) {
                    assertThat(registration.get("status").getStringValue()).as(registration.toString()).isEqualTo("ACTIVE");
                    references.add(registration.get("providerPlanRef").getStringValue());
                }
                assertThat(references).as("two plans on chain").doesNotHaveDuplicates().allMatch(reference -> reference.matches("0x[0-9a-f]{64}"));
                JsonNode chains = gateway.get("/v1/billing/plans/dual", null).json().get("supportedChains");
                assertThat(chains.size()).isEqualTo(2);
                assertThat(chains.get(1).get("assetId").getStringValue()).isEqualTo("eip155:56/erc20:" + file.get("token-address"));

                String payer = bsc.address(LocalChain.PAYER);
                Web3jTransactionSender payerSender = Web3jTransactionSender.connect(bsc.web3j(), Credentials.create(bsc.privateKey(LocalChain.PAYER).substring(2)));
                TestToken token = TestToken.at(file.get("token-address"), bsc.web3j());
                payerSender.send(token.mint(payer, TOKEN_PRICE.multiply(BigInteger.TEN)));
                payerSender.send(token.erc20().approve(file.get("payment-gateway-address"), TOKEN_PRICE.multiply(BigInteger.TEN)));

                EthersWallet wallet = EthersWallet.install(gateway.context().getBean(JsonMapper.class));
                String tokenBuyer = TestingGateway.token("buyer-token");
                String coinBuyer = TestingGateway.token("buyer-coin");
                TestingGateway.Response unchosen = gateway.post("/v1/billing/subscribe", tokenBuyer,
                        "{\"plan\": \"dual\", \"network\": \"bsc\", \"payerAccount\": \"" + payer + "\"}", "Idempotency-Key", "dual-0");
                assertThat(unchosen.status()).as(unchosen.body()).isEqualTo(422);

                pay(gateway, wallet, bsc, tokenBuyer, "BTT", LocalChain.PAYER);
                pay(gateway, wallet, bsc, coinBuyer, "BNB", SECOND_PAYER);

                for (Map.Entry<String, String> buyer : Map.of(tokenBuyer, "BTT " + TOKEN_PRICE, coinBuyer, "BNB " + NATIVE_PRICE).entrySet()) {
                    TestingGateway.Response active = Eventually.await("the " + buyer.getValue() + " subscription to be activated by the chain's event",
                            Duration.ofSeconds(30), () -> gateway.get("/v1/billing/me/subscriptions", buyer.getKey()),
                            response -> response.json() != null && response.json().size() == 1
                                    && "active".equals(response.json().get(0).get("status").getStringValue()));
                    JsonNode subscription = active.json().get(0);
                    assertThat(subscription.get("token").getStringValue() + " " + subscription.get("amount").getStringValue()).isEqualTo(buyer.getValue());
                }
            }
        }
    }

    private static void pay(TestingGateway gateway, EthersWallet wallet, LocalChain chain, String buyer, String asset, int account) {
        TestingGateway.Response subscribed = gateway.post("/v1/billing/subscribe", buyer, """
                {"plan": "dual", "network": "bsc", "asset": "%s", "payerAccount": "%s"}""".formatted(asset, chain.address(account)),
                "Idempotency-Key", "dual-" + asset);
        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
        assertThat(subscribed.json().get("token").getStringValue()).isEqualTo(asset);
        JsonNode sent = wallet.send(chain.rpcUrl(), chain.privateKey(account), subscribed.json().get("payload"));
        assertThat(sent.get("status").getIntValue()).as("the wallet's subscribe transaction in " + asset).isEqualTo(1);
    }
}

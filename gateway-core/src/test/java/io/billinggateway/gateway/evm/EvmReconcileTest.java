package io.billinggateway.gateway.evm;

import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconciliation on Anvil: a subscription whose {@code SubscriptionActivated} event the gateway never polled (event polling
 * is off, as if the cursor had been moved past it) is reported as {@code pending} against the chain's active one, activated
 * by {@code fix} with a {@code reconciliation} transition, and not reported again.
 */
class EvmReconcileTest {
    private static final String NETWORK = "bsc";
    private static final String ADMIN = TestingGateway.token("admin-evm-reconcile", "billing_admin");

    @TempDir
    Path home;

    @Test
    void aMissedActivationIsReportedAndFixedThroughTheBillingTransitions() throws Exception {
        try (LocalChain chain = LocalChain.start(NETWORK, 56); TestingDatabase database = TestingDatabase.postgres();
             TestingGateway gateway = TestingGateway.start(database, home, configure(chain))) {
            assertThat(gateway.post("/v1/billing/admin/plans", ADMIN, """
                    {"slug": "evm-reconciled", "name": "EVM reconciled", "billingPeriod": "P30D", "prices": [{"network": "bsc", "asset": "BNB", "amount": "%s"}]}"""
                    .formatted(BigInteger.TEN.pow(15))).status()).isEqualTo(201);
            Credentials payer = Credentials.create(Keys.createEcKeyPair());
            chain.setBalances(List.of(payer.getAddress()), BigInteger.TEN.pow(19));
            TestingGateway.Response subscribed = gateway.post("/v1/billing/subscribe", TestingGateway.token("evm-reconcile-user"), """
                    {"plan": "evm-reconciled", "network": "bsc", "payerAccount": "%s"}""".formatted(payer.getAddress()),
                    "Idempotency-Key", UUID.randomUUID().toString());
            assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
            EthersWallet wallet = EthersWallet.install(gateway.context().getBean(JsonMapper.class));
            JsonNode sent = wallet.send(chain.rpcUrl(), Numeric.toHexStringWithPrefixZeroPadded(payer.getEcKeyPair().getPrivateKey(), 64),
                    subscribed.json().get("payload"));
            assertThat(sent.get("status").getIntValue()).isEqualTo(1);
            chain.mine(2);
            String subscription = subscribed.json().get("subscriptionId").getStringValue();
            assertThat(database.text("SELECT status FROM billing_subscription_state WHERE id = ?", UUID.fromString(subscription))).isEqualTo("pending");

            TestingGateway.Response report = reconcile(gateway, false);
            assertThat(report.status()).as(report.body()).isEqualTo(200);
            List<String> rows = rows(report);
            assertThat(rows).as(report.body()).contains("subscription-status " + subscription + " pending activate false");
            assertThat(report.json().get("remaining").getIntValue()).isEqualTo(rows.size());

            TestingGateway.Response fixed = reconcile(gateway, true);
            assertThat(fixed.json().get("remaining").getIntValue()).as(fixed.body()).isZero();
            TestingGateway.Response again = reconcile(gateway, true);
            assertThat(again.json().get("differences").size()).as(again.body()).isZero();

            assertThat(database.text("SELECT status FROM billing_subscription_state WHERE id = ?", UUID.fromString(subscription))).isEqualTo("active");
            assertThat(database.text("SELECT from_status || '>' || to_status || ' ' || cause FROM billing_status_history WHERE entity_kind = 'subscription'"
                    + " AND entity_id = ? ORDER BY entity_version DESC LIMIT 1", UUID.fromString(subscription))).isEqualTo("pending>active reconciliation");
            assertThat(database.count("SELECT COUNT(*) FROM billing_outbox WHERE event_type LIKE '%subscription.activated%' AND aggregate_id = ?", subscription))
                    .isEqualTo(1);
        }
    }

    private static List<String> rows(TestingGateway.Response report) {
        List<String> rows = new ArrayList<>();
        JsonNode differences = report.json().get("differences");
        for (int index = 0; index < differences.size(); index++) {
            JsonNode row = differences.get(index);
            rows.add(row.get("kind").getStringValue() + " " + row.get("entity").getStringValue() + " " + row.get("ours").getStringValue() + " "
                    + row.get("action").getStringValue() + " " + row.get("fixed").getBooleanValue());
        }
        return rows;
    }

    private static TestingGateway.Response reconcile(TestingGateway gateway, boolean fix) {
        return gateway.post("/internal/billing/reconcile", null, "{\"network\": \"bsc\", \"fix\": " + fix + "}", "X-Service-Token", TestingGateway.SERVICE_TOKEN);
    }

    private Map<String, Object> configure(LocalChain chain) throws Exception {
        Path secrets = Files.createDirectories(home.resolve("secrets"));
        Map<Integer, Path> keyFiles = new HashMap<>();
        for (int account : List.of(LocalChain.DEPLOYER, LocalChain.AUTHOR, LocalChain.AUTOMATION, LocalChain.OPERATOR)) {
            keyFiles.put(account, Files.writeString(secrets.resolve("anvil-" + account + ".key"), chain.privateKey(account) + "\n"));
        }
        Map<String, Object> properties = new HashMap<>();
        String prefix = "billing.networks." + NETWORK + ".";
        chain.deploy(home, keyFiles).forEach((key, value) -> properties.put(prefix + key, value));
        properties.put(prefix + "rpc-urls", chain.rpcUrl());
        properties.put(prefix + "author-key", "file:" + keyFiles.get(LocalChain.AUTHOR));
        properties.put(prefix + "automation-key", "file:" + keyFiles.get(LocalChain.AUTOMATION));
        properties.put(prefix + "operator-key", "file:" + keyFiles.get(LocalChain.OPERATOR));
        properties.put(prefix + "native-code", "BNB");
        properties.put(prefix + "confirmations", "1");
        properties.put("billing.enabled-networks", NETWORK);
        properties.put("billing.charge.enabled", "false");
        // The missed chain event: nothing polls, so the subscription's activation never reaches the gateway on its own.
        properties.put("billing.event-polling.enabled", "false");
        return properties;
    }
}

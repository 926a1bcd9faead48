package io.billinggateway.gateway.evm;

import io.billinggateway.contracts.Subscription;
import io.billinggateway.contracts.SubscriptionManager;
import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5's acceptance on three real local chains in one run: ethereum (1), bsc (56) and polygon (137), each an
 * Anvil with the suite deployed by the operators' deploy command, configured from the YAML it writes plus secret
 * file references to Anvil's development keys, with the router's presets (confirmations 12, 15, 64).
 *
 * <p>An admin registers one plan on all three networks; the catalog lists three supportedChains. A user subscribes
 * on bsc and polygon, each checkout payload signed and sent by ethers.js as a wallet would; the chains' events make
 * both subscriptions active. Time moves a period on the chains (evm_increaseTime) and in the gateway (its clock),
 * and a charge round renews both. Then polygon's primary RPC endpoint dies; the next round fails over to the second
 * endpoint and renews polygon again, health and metrics name the active endpoint, and neither the ledger nor the
 * chain shows a lost or doubled charge. The ledger and the metrics keep the networks apart.
 */
class MultiChainBillingTest {
    private static final BigInteger PRICE = BigInteger.TEN.pow(15);
    private static final Duration PERIOD = Duration.ofDays(30);
    private static final Map<String, String> NATIVE = Map.of("ethereum", "ETH", "bsc", "BNB", "polygon", "POL");
    private static final Map<String, Integer> CONFIRMATIONS = Map.of("ethereum", 12, "bsc", 15, "polygon", 64);

    @TempDir
    Path home;

    @Test
    void planOnThreeChainsSubscriptionsOnTwoRenewedPerNetworkThroughAnRpcFailover() throws Exception {
        try (LocalChain ethereum = LocalChain.start("ethereum", 1);
             LocalChain bsc = LocalChain.start("bsc", 56);
             LocalChain polygon = LocalChain.start("polygon", 137);
             ForwardingRpcEndpoint polygonPrimary = ForwardingRpcEndpoint.to(polygon.rpcUrl());
             TestingDatabase database = TestingDatabase.postgres()) {
            Map<String, LocalChain> chains = new LinkedHashMap<>();
            chains.put("ethereum", ethereum);
            chains.put("bsc", bsc);
            chains.put("polygon", polygon);
            Map<Integer, Path> keyFiles = keyFiles(ethereum);
            Map<String, Object> properties = new HashMap<>();
            properties.put("billing.enabled-networks", "ethereum,bsc,polygon");
            properties.put("billing.charge.enabled", "false");
            properties.put("billing.event-polling.interval", "500ms");
            properties.put("billing.test.movable-clock", "true");
            for (LocalChain chain : chains.values()) {
                String prefix = "billing.networks." + chain.network() + ".";
                chain.deploy(home, keyFiles).forEach((key, value) -> properties.put(prefix + key, value));
                properties.put(prefix + "rpc-urls", chain == polygon ? polygonPrimary.url() + "," + polygon.rpcUrl() : chain.rpcUrl());
                properties.put(prefix + "author-key", "file:" + keyFiles.get(LocalChain.AUTHOR));
                properties.put(prefix + "automation-key", "file:" + keyFiles.get(LocalChain.AUTOMATION));
                properties.put(prefix + "operator-key", "file:" + keyFiles.get(LocalChain.OPERATOR));
                properties.put(prefix + "native-code", NATIVE.get(chain.network()));
                properties.put(prefix + "rpc-timeout", "2s");
                properties.put(prefix + "rpc-recovery-interval", "1s");
            }

            try (TestingGateway gateway = TestingGateway.start(database, home, properties)) {
                MovableClock clock = (MovableClock) gateway.context().getBean(Clock.class);
                EthersWallet wallet = EthersWallet.install(gateway.context().getBean(JsonMapper.class));
                String admin = TestingGateway.token("admin-1", "billing_admin");
                String finance = TestingGateway.token("finance-1", "finance_ops");
                String user = TestingGateway.token("user-" + UUID.randomUUID());

                // A plan on all three networks, in each one's native coin.
                TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", admin, """
                        {"slug": "pro", "name": "Pro", "billingPeriod": "P30D", "prices": [
                          {"network": "ethereum", "asset": "ETH", "amount": "%1$s"},
                          {"network": "bsc", "asset": "BNB", "amount": "%1$s"},
                          {"network": "polygon", "asset": "POL", "amount": "%1$s"}]}""".formatted(PRICE));
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                JsonNode registrations = created.json().get("networks");
                assertThat(registrations.size()).isEqualTo(3);
                for (int index = 0; index < 3; index++) {
                    JsonNode registration = registrations.get(index);
                    assertThat(registration.get("status").getStringValue()).as(registration.toString()).isEqualTo("ACTIVE");
                    assertThat(registration.get("providerPlanRef").getStringValue()).matches("0x[0-9a-f]{64}");
                    assertThat(registration.get("planHash").getStringValue()).isEqualTo(registration.get("providerPlanRef").getStringValue());
                    assertThat(registration.get("authorSignature").getStringValue()).matches("0x[0-9a-f]{130}");
                }

                TestingGateway.Response catalog = gateway.get("/v1/billing/plans", null);
                JsonNode supported = catalog.json().get(0).get("supportedChains");
                assertThat(supported.size()).isEqualTo(3);
                List<String> chainIds = new ArrayList<>();
                for (int index = 0; index < 3; index++) {
                    chainIds.add(supported.get(index).get("chainId").getStringValue());
                    assertThat(supported.get(index).get("providerId").getStringValue()).isEqualTo("evm");
                    assertThat(supported.get(index).get("price").getStringValue()).isEqualTo(PRICE.toString());
                }
                assertThat(chainIds).containsExactlyInAnyOrder("eip155:1", "eip155:56", "eip155:137");

                // The user subscribes on bsc and polygon; ethers.js signs and sends each payload.
                String payer = bsc.address(LocalChain.PAYER);
                for (LocalChain chain : List.of(bsc, polygon)) {
                    TestingGateway.Response subscribed = gateway.post("/v1/billing/subscribe", user, """
                            {"plan": "pro", "network": "%s", "payerAccount": "%s"}""".formatted(chain.network(), payer), "Idempotency-Key", "subscribe-" + chain.network());
                    assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
                    JsonNode payload = subscribed.json().get("payload");
                    assertThat(payload.get("type").getStringValue()).isEqualTo("wallet_transaction");
                    assertThat(payload.get("chainId").getStringValue()).isEqualTo("eip155:" + chain.chainId());
                    JsonNode sent = wallet.send(chain.rpcUrl(), chain.privateKey(LocalChain.PAYER), payload);
                    assertThat(sent.get("status").getIntValue()).as("the wallet's subscribe transaction on " + chain.network()).isEqualTo(1);
                    chain.mine(CONFIRMATIONS.get(chain.network()));
                }
                TestingGateway.Response active = Eventually.await("both subscriptions to be activated by their chains' events", Duration.ofSeconds(30),
                        () -> gateway.get("/v1/billing/me/subscriptions", user),
                        response -> response.json() != null && response.json().size() == 2
                                && "active".equals(response.json().get(0).get("status").getStringValue())
                                && "active".equals(response.json().get(1).get("status").getStringValue()));
                assertThat(active.json().get(0).get("nextChargeAt")).isNotNull();
                Map<String, Instant> firstDue = new HashMap<>();
                for (String network : List.of("bsc", "polygon")) {
                    firstDue.put(network, onChain(chains.get(network), properties, subscriptionRef(database, network)).nextChargeAt());
                }

                // One period later, one charge round renews both networks.
                advance(clock, chains.values(), PERIOD.plusHours(1));
                JsonNode firstRound = charge(gateway);
                assertThat(firstRound.get("charged").getIntValue()).as(firstRound.toString()).isEqualTo(2);
                assertThat(firstRound.get("failed").getIntValue()).isZero();
                assertThat(chargedOn(firstRound, "bsc")).isEqualTo(1);
                assertThat(chargedOn(firstRound, "polygon")).isEqualTo(1);
                assertThat(chargedOn(firstRound, "ethereum")).isZero();

                // Polygon's primary RPC endpoint dies; the next period is charged through the second endpoint.
                polygonPrimary.kill();
                advance(clock, chains.values(), PERIOD.plusHours(1));
                JsonNode secondRound = charge(gateway);
                assertThat(secondRound.get("charged").getIntValue()).as(secondRound.toString()).isEqualTo(2);
                assertThat(chargedOn(secondRound, "polygon")).isEqualTo(1);
                JsonNode again = charge(gateway);
                assertThat(again.get("processed").getIntValue()).as("nothing is due twice: " + again).isZero();

                TestingGateway.Response polygonView = gateway.get("/v1/billing/networks/polygon", null);
                JsonNode health = polygonView.json().get("health");
                assertThat(health.get("status").getStringValue()).as(polygonView.body()).isEqualTo("DEGRADED");
                assertThat(health.get("activeEndpoint").getStringValue()).isEqualTo(displayName(polygon.rpcUrl()));
                assertThat(polygonView.body()).doesNotContain("primary-api-key");
                assertThat(gateway.get("/v1/billing/networks/bsc", null).json().get("health").get("status").getStringValue()).isEqualTo("UP");

                // The chains' own SubscriptionCharged events arrive too, and change nothing.
                bsc.mine(CONFIRMATIONS.get("bsc"));
                polygon.mine(CONFIRMATIONS.get("polygon"));
                Thread.sleep(3_000);

                for (String network : List.of("bsc", "polygon")) {
                    Subscription subscription = onChain(chains.get(network), properties, subscriptionRef(database, network));
                    assertThat(subscription.nextChargeAt())
                            .as("on " + network + " the contract renewed exactly two periods")
                            .isEqualTo(firstDue.get(network).plus(PERIOD.multipliedBy(2)));
                    assertThat(database.count("SELECT COUNT(*) FROM payment_transactions WHERE network = ? AND status = 'confirmed' AND product_type = 'subscription_renewal'", network))
                            .as("renewals in " + network + "'s ledger").isEqualTo(2);
                }

                TestingGateway.Response summary = gateway.get("/v1/billing/overview/summary", finance);
                assertThat(summary.status()).as(summary.body()).isEqualTo(200);
                Map<String, String> confirmed = new HashMap<>();
                JsonNode payments = summary.json().get("payments");
                for (int index = 0; index < payments.size(); index++) {
                    JsonNode totals = payments.get(index);
                    if (totals.get("status").getStringValue().equals("confirmed")) {
                        confirmed.put(totals.get("network").getStringValue() + "/" + totals.get("token").getStringValue(),
                                totals.get("payments").getLongValue() + "x" + totals.get("amount").getStringValue());
                    }
                }
                String threePayments = "3x" + PRICE.multiply(BigInteger.valueOf(3));
                assertThat(confirmed).as("the ledger keeps the networks apart").containsExactlyInAnyOrderEntriesOf(Map.of(
                        "bsc/BNB", threePayments, "polygon/POL", threePayments));

                String metrics = gateway.get("/prometheus", null).body();
                assertThat(metrics).containsPattern("evm_rpc_failover_total\\{[^}]*network=\"polygon\"[^}]*\\} 1\\.0");
                assertThat(metrics).containsPattern("evm_rpc_active_endpoint\\{[^}]*network=\"polygon\"[^}]*\\} 1\\.0");
                assertThat(metrics).containsPattern("billing_charge_success_total\\{[^}]*network=\"bsc\"[^}]*\\} 2\\.0");
                assertThat(metrics).containsPattern("billing_charge_success_total\\{[^}]*network=\"polygon\"[^}]*\\} 2\\.0");
                assertThat(metrics).doesNotContain("primary-api-key");
            }
        }
    }

    private Map<Integer, Path> keyFiles(LocalChain chain) {
        return chain.writeKeyFiles(home.resolve("secrets"));
    }

    private static void advance(MovableClock clock, Iterable<LocalChain> chains, Duration amount) {
        clock.advance(amount);
        chains.forEach(chain -> chain.increaseTime(amount));
    }

    private static JsonNode charge(TestingGateway gateway) {
        TestingGateway.Response response = gateway.post("/internal/billing/charge", null, "{}", "X-Service-Token", TestingGateway.SERVICE_TOKEN);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static int chargedOn(JsonNode round, String network) {
        JsonNode runs = round.get("networks");
        for (int index = 0; index < runs.size(); index++) {
            if (runs.get(index).get("network").getStringValue().equals(network)) {
                return runs.get(index).get("charged").getIntValue();
            }
        }
        return 0;
    }

    private static String subscriptionRef(TestingDatabase database, String network) {
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT provider_subscription_ref FROM billing_subscription_state WHERE network = ?")) {
            statement.setString(1, network);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as("a subscription on " + network).isTrue();
                return rows.getString(1);
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Subscription onChain(LocalChain chain, Map<String, Object> properties, String subscriptionRef) {
        String manager = (String) properties.get("billing.networks." + chain.network() + ".subscription-manager-address");
        return SubscriptionManager.at(manager, chain.web3j()).getSubscription(new BigInteger(subscriptionRef)).orElseThrow();
    }

    private static String displayName(String url) {
        java.net.URI uri = java.net.URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }
}

package io.billinggateway.gateway.evm;

import io.billinggateway.contracts.deploy.DeployCommand;
import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.GatewayProcess;
import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6's acceptance with real processes, real chains and the real mock PSP: two gateway processes on one PostgreSQL
 * share 5,000 due subscriptions over three networks, bsc and polygon (Anvil chains 56 and 137 with the suite deployed)
 * and fiat (the mock PSP, whose books both processes share through the network's {@code data-dir}). Every subscription
 * is bought through the gateway's API as a user would: a wallet transaction on the chains, a card on the PSP's page.
 *
 * <p>Then a period passes and both processes' lanes charge. One of them is killed with {@code kill -9} three times, each
 * time while it holds claimed batches, and started again. In the end every subscription is renewed exactly once:
 * counted on-chain from the contracts' {@code SubscriptionCharged} logs, in the PSP's own books, and in the gateway's
 * ledger. Each process charges with its own automation key, as docs/charge-worker.md asks of EVM networks.
 */
class TwoGatewayProcessesChargeTest {
    private static final int SUBSCRIPTIONS = 5_000;
    private static final List<String> NETWORKS = List.of("bsc", "polygon", "fiat");
    private static final Map<String, String> NATIVE = Map.of("bsc", "BNB", "polygon", "POL");
    private static final Map<String, Integer> CONFIRMATIONS = Map.of("bsc", 15, "polygon", 64);
    private static final BigInteger EVM_PRICE = BigInteger.TEN.pow(15);
    private static final long FIAT_PRICE = 1999;
    private static final Duration PERIOD = Duration.ofDays(30);
    private static final int SECOND_AUTOMATION = 5;
    private static final int KILLS = 3;
    private static final String SUBSCRIPTION_CHARGED = Hash.sha3String("SubscriptionCharged(uint256,bytes32,address,uint256,uint256,uint64)");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.createDefault();

    @TempDir
    Path home;

    @Test
    void twoProcessesRenewEverySubscriptionOnceOnChainAndAtThePspThroughRepeatedKills() throws Exception {
        try (LocalChain bsc = LocalChain.start("bsc", 56);
             LocalChain polygon = LocalChain.start("polygon", 137);
             TestingDatabase database = TestingDatabase.postgres()) {
            Map<String, LocalChain> chains = new LinkedHashMap<>();
            chains.put("bsc", bsc);
            chains.put("polygon", polygon);
            Map<Integer, Path> keyFiles = keyFiles(bsc);
            Map<String, String> environment = new HashMap<>();
            environment.put("BILLING_DATABASE_URL", database.url());
            environment.put("BILLING_DATABASE_USER", database.user());
            environment.put("BILLING_DATABASE_PASSWORD", "");
            environment.put("BILLING_JWT_SECRET", TestingGateway.JWT_SECRET);
            environment.put("BILLING_SERVICE_TOKEN", TestingGateway.SERVICE_TOKEN);
            environment.put("BILLING_NETWORKS", String.join(",", NETWORKS));
            environment.put("BILLING_EVENT_POLLING_INTERVAL", "500ms");
            environment.put("BILLING_NETWORKS_FIAT_DATA_DIR", home.resolve("shared-psp").toString());
            for (String network : NETWORKS) {
                String prefix = "BILLING_NETWORKS_" + network.toUpperCase(Locale.ROOT) + "_";
                environment.put(prefix + "CHARGE_INTERVAL", "200ms");
                environment.put(prefix + "CHARGE_BATCH_SIZE", "10");
                // Above the EVM provider's slowest charge call (RECEIPT_TIMEOUT 10s + 4 × RPC_TIMEOUT 10s), which startup checks.
                environment.put(prefix + "CHARGE_LEASE", "60s");
                // Paced, so that the kills land while the renewals are under way.
                environment.put(prefix + "CHARGE_RATE", "15");
            }
            for (LocalChain chain : chains.values()) {
                String prefix = "BILLING_NETWORKS_" + chain.network().toUpperCase(Locale.ROOT) + "_";
                chain.deploy(home, keyFiles).forEach((key, value) -> environment.put(prefix + key.toUpperCase(Locale.ROOT).replace('-', '_'), value));
                grantSecondAutomationAccount(chain, keyFiles);
                environment.put(prefix + "RPC_URLS", chain.rpcUrl());
                environment.put(prefix + "RECEIPT_TIMEOUT", "10s");
                environment.put(prefix + "AUTHOR_KEY", "file:" + keyFiles.get(LocalChain.AUTHOR));
                environment.put(prefix + "OPERATOR_KEY", "file:" + keyFiles.get(LocalChain.OPERATOR));
                environment.put(prefix + "NATIVE_CODE", NATIVE.get(chain.network()));
                chain.rpc("anvil_autoImpersonateAccount", true);
            }

            List<Map<String, String>> environments = List.of(
                    withAutomationKey(environment, chains.keySet(), keyFiles.get(LocalChain.AUTOMATION)),
                    withAutomationKey(environment, chains.keySet(), keyFiles.get(SECOND_AUTOMATION)));
            GatewayProcess[] gateways = new GatewayProcess[2];
            for (int index = 0; index < gateways.length; index++) {
                gateways[index] = startGateway(index, environments.get(index));
            }
            AtomicBoolean mining = new AtomicBoolean(true);
            Thread miner = null;
            try {
                JsonNode plan = post(gateways[0], "/v1/billing/admin/plans", TestingGateway.token("admin", "billing_admin"), """
                        {"slug": "pro", "name": "Pro", "billingPeriod": "P30D", "prices": [
                          {"network": "bsc", "asset": "BNB", "amount": "%1$s"},
                          {"network": "polygon", "asset": "POL", "amount": "%1$s"},
                          {"network": "fiat", "asset": "USD", "amount": "%2$s"}]}""".formatted(EVM_PRICE, FIAT_PRICE), 201);
                assertThat(plan.get("networks").size()).isEqualTo(3);

                // 5,000 users subscribe through both processes: wallets on the chains, cards on the PSP's page.
                Map<String, Integer> perNetwork = new HashMap<>();
                subscribeEveryone(List.of(gateways), chains, perNetwork);
                Eventually.await("all " + SUBSCRIPTIONS + " subscriptions to be activated by chain events and PSP webhooks", Duration.ofMinutes(5),
                        () -> {
                            chains.values().forEach(chain -> chain.mine(CONFIRMATIONS.get(chain.network())));
                            return database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE status = 'active'");
                        },
                        active -> active == SUBSCRIPTIONS);
                JsonNode balanceBefore = pspBalance(gateways[0]);
                assertThat(balanceBefore.get("payments").getLongValue()).as("first periods paid at the PSP").isEqualTo(perNetwork.get("fiat").longValue());

                // A period passes on the chains, and every subscription falls due in the gateway.
                Map<String, BigInteger> renewalsFrom = new HashMap<>();
                for (LocalChain chain : chains.values()) {
                    renewalsFrom.put(chain.network(), chain.web3j().ethBlockNumber().send().getBlockNumber().add(BigInteger.ONE));
                    chain.increaseTime(PERIOD.plusHours(1));
                }
                miner = startMiner(chains.values(), mining);
                Instant due = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
                update(database, "UPDATE billing_subscription_state SET next_charge_at = ?", Timestamp.from(due));

                // kill -9 of a process while it holds claimed batches, three times, the second, the first, the second; each is started again.
                List<String> kills = new ArrayList<>();
                for (int kill = 0; kill < KILLS; kill++) {
                    // Progress is counted in charge attempts, not confirmed renewals: confirmations lag behind on a loaded machine, and a
                    // threshold of confirmed renewals could be reached when nothing is left to claim.
                    long threshold = (long) SUBSCRIPTIONS * (kill + 1) / (KILLS + 2);
                    Eventually.await("charge attempts to pass " + threshold, Duration.ofMinutes(3), () -> attempted(database), tried -> tried >= threshold);
                    int target = kill % 2 == 0 ? 1 : 0;
                    long pid = gateways[target].pid();
                    awaitClaims(database, gateways[target]);
                    gateways[target].kill();
                    long leftBehind = claimsOf(database, pid);
                    kills.add("kill " + (kill + 1) + " at " + renewals(database) + " renewals: gateway " + target + " (pid " + pid + ") left "
                            + leftBehind + " claimed subscriptions");
                    gateways[target] = startGateway(target, environments.get(target));
                }

                Eventually.await("every subscription to be renewed", Duration.ofMinutes(5), () -> renewals(database), renewed -> renewed >= SUBSCRIPTIONS);
                // Late chain events and redelivered webhooks must change nothing: give them time, then count.
                Thread.sleep(5_000);
                kills.forEach(System.out::println);

                // The gateway's ledger: one renewal per subscription, every subscription active for the next period.
                for (String network : NETWORKS) {
                    assertThat(database.count("""
                            SELECT COUNT(*) FROM payment_transactions WHERE network = ? AND product_type = 'subscription_renewal' AND status = 'confirmed'""", network))
                            .as("renewals in %s's ledger", network).isEqualTo(perNetwork.get(network).longValue());
                    assertThat(database.count("""
                            SELECT COUNT(DISTINCT subscription_id) FROM payment_transactions WHERE network = ? AND product_type = 'subscription_renewal'""", network))
                            .as("renewed subscriptions of %s", network).isEqualTo(perNetwork.get(network).longValue());
                }
                assertThat(database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE status = 'active' AND next_charge_at > ?",
                        Timestamp.from(Instant.now().plus(PERIOD.minusDays(1))))).as("subscriptions renewed for the next period").isEqualTo(SUBSCRIPTIONS);
                assertThat(database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE network = 'fiat' AND next_charge_at = ?",
                        Timestamp.from(due.plus(PERIOD)))).as("fiat subscriptions moved exactly one period").isEqualTo(perNetwork.get("fiat").longValue());

                // On chain: exactly one SubscriptionCharged per subscription since the period passed.
                for (LocalChain chain : chains.values()) {
                    Map<String, Integer> charged = chargedOnChain(chain, environment, renewalsFrom.get(chain.network()));
                    assertThat(charged.values()).as("SubscriptionCharged logs per subscription on %s", chain.network()).containsOnly(1);
                    assertThat(charged.keySet()).as("the subscriptions charged on %s are the gateway's", chain.network())
                            .isEqualTo(subscriptionRefs(database, chain.network()));
                }

                // At the PSP: one more payment per fiat subscription, nothing more.
                JsonNode balance = pspBalance(gateways[1]);
                long fiat = perNetwork.get("fiat");
                assertThat(balance.get("payments").getLongValue()).as("payments in the PSP's books").isEqualTo(2 * fiat);
                assertThat(new BigInteger(balance.get("captured").getStringValue())).isEqualTo(BigInteger.valueOf(2 * fiat * FIAT_PRICE));

                // Both processes charged, and the kills hit batches in flight.
                assertThat(database.count("SELECT COUNT(DISTINCT split_part(worker_id, '@', 1)) FROM billing_charge_attempt"))
                        .as("processes that charged: both, and at least one restarted one").isGreaterThanOrEqualTo(3);
                assertThat(kills).as("at least one kill left claimed subscriptions behind").anyMatch(line -> !line.endsWith(" left 0 claimed subscriptions"));
            }
            finally {
                mining.set(false);
                if (miner != null) {
                    miner.join(5_000);
                }
                for (GatewayProcess gateway : gateways) {
                    gateway.close();
                }
            }
        }
    }

    /** Subscribes every user, alternating between the processes. */
    private static void subscribeEveryone(List<GatewayProcess> gateways, Map<String, LocalChain> chains, Map<String, Integer> perNetwork) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int index = 0; index < SUBSCRIPTIONS; index++) {
                int user = index;
                String network = NETWORKS.get(index % NETWORKS.size());
                perNetwork.merge(network, 1, Integer::sum);
                GatewayProcess gateway = gateways.get(index % gateways.size());
                done.add(pool.submit(() -> subscribe(gateway, chains.get(network), network, user)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    /** Subscribes one user and pays as a wallet or a card holder would. */
    private static void subscribe(GatewayProcess gateway, LocalChain chain, String network, int user) {
        String payer = chain == null ? null : "0x" + "%040x".formatted(BigInteger.valueOf(0xb111_0000_0000L + user));
        String body = chain == null ? """
                {"plan": "pro", "network": "fiat"}""" : """
                {"plan": "pro", "network": "%s", "payerAccount": "%s"}""".formatted(network, payer);
        if (chain != null) {
            // The wallet's coins: the gateway estimates the subscribe transaction from the payer's account.
            chain.rpc("anvil_setBalance", payer, "0x" + BigInteger.TEN.pow(20).toString(16));
        }
        JsonNode subscribed = post(gateway, "/v1/billing/subscribe", TestingGateway.token("user-" + user), body, 201, "Idempotency-Key", "subscribe-" + user);
        JsonNode payload = subscribed.get("payload");
        if (chain == null) {
            String page = payload.get("url").getStringValue();
            assertThat(MockFiatPayer.pay(page, MockFiatPayer.SUCCESS_CARD)).as("paying " + page).isEqualTo(200);
            return;
        }
        Map<String, Object> transaction = new HashMap<>();
        transaction.put("from", payer);
        transaction.put("to", payload.get("to").getStringValue());
        transaction.put("data", payload.get("data").getStringValue());
        transaction.put("value", quantity(payload.get("value").getStringValue()));
        transaction.put("gas", quantity(payload.get("gas").getStringValue()));
        chain.rpc("eth_sendTransaction", transaction);
    }

    private GatewayProcess startGateway(int index, Map<String, String> environment) {
        return GatewayProcess.start("gateway-" + index, home.resolve("gateway-" + index), environment).awaitReady(Duration.ofMinutes(2));
    }

    /** The mock PSP's totals, read from the PSP server of one process (its {@code base-url} is in the network's health). */
    private static JsonNode pspBalance(GatewayProcess gateway) {
        JsonNode fiat = get(gateway.url("/v1/billing/networks/fiat"));
        return get(URI.create(fiat.get("health").get("details").get("base-url").getStringValue() + "/v1/balance"));
    }

    /** Polls tightly (a batch holds its claims for a few milliseconds only) until the process holds a claimed batch. */
    private static void awaitClaims(TestingDatabase database, GatewayProcess gateway) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (claimsOf(database, gateway.pid()) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("process " + gateway.pid() + " held no claimed batch for 3 minutes (alive: " + gateway.isAlive()
                        + ", charge attempts: " + attempted(database) + ", confirmed renewals: " + renewals(database) + ", subscriptions still due: "
                        + database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE next_charge_at < ?", Timestamp.from(Instant.now()))
                        + "); its output ends with:\n" + gateway.output());
            }
            Thread.sleep(5);
        }
    }

    private static String quantity(String decimalOrHex) {
        return decimalOrHex.startsWith("0x") ? decimalOrHex : "0x" + new BigInteger(decimalOrHex).toString(16);
    }

    private static Thread startMiner(Iterable<LocalChain> chains, AtomicBoolean mining) {
        Thread miner = new Thread(() -> {
            while (mining.get()) {
                for (LocalChain chain : chains) {
                    try {
                        chain.mine(4);
                    }
                    catch (RuntimeException e) {
                        // the chain is closing
                    }
                }
                try {
                    Thread.sleep(250);
                }
                catch (InterruptedException e) {
                    return;
                }
            }
        }, "test-miner");
        miner.setDaemon(true);
        miner.start();
        return miner;
    }

    private static Map<String, Integer> chargedOnChain(LocalChain chain, Map<String, String> environment, BigInteger fromBlock) throws IOException {
        String manager = environment.get("BILLING_NETWORKS_" + chain.network().toUpperCase(Locale.ROOT) + "_SUBSCRIPTION_MANAGER_ADDRESS");
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(fromBlock), DefaultBlockParameterName.LATEST, manager);
        filter.addSingleTopic(SUBSCRIPTION_CHARGED);
        EthLog logs = chain.web3j().ethGetLogs(filter).send();
        assertThat(logs.hasError()).as("eth_getLogs on %s", chain.network()).isFalse();
        Map<String, Integer> charged = new HashMap<>();
        for (EthLog.LogResult<?> result : logs.getLogs()) {
            Log log = (Log) result.get();
            charged.merge(new BigInteger(log.getTopics().get(1).substring(2), 16).toString(), 1, Integer::sum);
        }
        return charged;
    }

    private Map<Integer, Path> keyFiles(LocalChain chain) throws IOException {
        Path directory = Files.createDirectories(home.resolve("secrets"));
        Map<Integer, Path> files = new HashMap<>();
        for (int account : List.of(LocalChain.DEPLOYER, LocalChain.AUTHOR, LocalChain.AUTOMATION, LocalChain.OPERATOR, SECOND_AUTOMATION)) {
            files.put(account, Files.writeString(directory.resolve("anvil-" + account + ".key"), chain.privateKey(account) + "\n"));
        }
        return files;
    }

    /** Runs the operators' deploy command again with another automation account: it grants the role and changes nothing else. */
    private void grantSecondAutomationAccount(LocalChain chain, Map<Integer, Path> keyFiles) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new DeployCommand(Map.of(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(
                "--network", chain.network(), "--rpc-url", chain.rpcUrl(), "--chain-id", Long.toString(chain.chainId()),
                "--deployer-key", "file:" + keyFiles.get(LocalChain.DEPLOYER), "--config", home.resolve(chain.network() + ".yml").toString(),
                "--author", chain.address(LocalChain.AUTHOR), "--automation", chain.address(SECOND_AUTOMATION), "--operator", chain.address(LocalChain.OPERATOR),
                "--gateway", "local", "--allow-local-gateway-on-chain", Long.toString(chain.chainId()));
        assertThat(status).as("granting AUTOMATION to a second account on %s: %s", chain.network(), err).isZero();
    }

    private static Map<String, String> withAutomationKey(Map<String, String> environment, Set<String> networks, Path key) {
        Map<String, String> copy = new HashMap<>(environment);
        networks.forEach(network -> copy.put("BILLING_NETWORKS_" + network.toUpperCase(Locale.ROOT) + "_AUTOMATION_KEY", "file:" + key));
        return copy;
    }

    private static long renewals(TestingDatabase database) {
        return database.count("SELECT COUNT(*) FROM payment_transactions WHERE product_type = 'subscription_renewal' AND status = 'confirmed'");
    }

    /** Subscriptions with at least one charge attempt recorded (submitted, charged, skipped or failed) in this period. */
    private static long attempted(TestingDatabase database) {
        return database.count("SELECT COUNT(DISTINCT subscription_id) FROM billing_charge_attempt");
    }

    private static long claimsOf(TestingDatabase database, long pid) {
        return database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE claimed_by LIKE ? AND lease_expires_at > ?",
                pid + "@%", Timestamp.from(Instant.now()));
    }

    private static Set<String> subscriptionRefs(TestingDatabase database, String network) throws SQLException {
        Set<String> refs = new HashSet<>();
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT provider_subscription_ref FROM billing_subscription_state WHERE network = ?")) {
            statement.setString(1, network);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    refs.add(rows.getString(1));
                }
            }
        }
        return refs;
    }

    private static void update(TestingDatabase database, String sql, Object... parameters) throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < parameters.length; index++) {
                statement.setObject(index + 1, parameters[index]);
            }
            statement.executeUpdate();
        }
    }

    private static JsonNode post(GatewayProcess gateway, String path, String token, String body, int expectedStatus, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.url(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int index = 0; index < headers.length; index += 2) {
            request.header(headers[index], headers[index + 1]);
        }
        HttpResponse<String> response = send(request.build());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(expectedStatus);
        return parse(response.body());
    }

    private static JsonNode get(URI uri) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", "application/json").build());
        assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
        return parse(response.body());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readValue(body, JsonNode.class);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

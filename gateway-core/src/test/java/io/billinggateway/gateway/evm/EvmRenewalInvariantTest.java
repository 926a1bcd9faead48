package io.billinggateway.gateway.evm;

import io.billinggateway.contracts.Subscription;
import io.billinggateway.contracts.SubscriptionEvent;
import io.billinggateway.contracts.SubscriptionManager;
import io.billinggateway.contracts.SubscriptionStatus;
import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.DefaultBlockParameterNumber;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, point 4 (gateway side, on a chain): seeded random sequences drive the gateway against a contract suite on
 * Anvil (subscribe with a wallet, time passes on the chain and in the gateway, charge rounds, repeated rounds, freeze
 * and unfreeze, a terms change, cancellations the subscriber signs or never signs, restarts, one with the provider's
 * data directory wiped) and check after every step, for every subscription, that the ledger holds exactly as many
 * payments (the checkout's and one per renewal) as the chain has {@code SubscriptionCharged} events for it (read from the chain's logs with the contracts'
 * own decoder, not through the provider), that no period was charged twice on the chain, and that the gateway's next
 * charge is the contract's while both say active.
 *
 * <p>Native-coin plans carry a deposit of two renewals, so longer sequences also run subscriptions dry (failed
 * renewals, the contract's retry schedule). Events need one confirmation; after each step one block is mined and the
 * invariants must hold within 30 seconds (the event poller runs every 300 ms), so a doubled or lost renewal fails the
 * step. The default run is bounded for the build; {@code -Dbilling.invariant.sequences=N -Dbilling.invariant.steps=M}
 * runs longer, {@code -Dbilling.invariant.seed=S} repeats a run. Every failure names the seed and the steps so far.
 */
class EvmRenewalInvariantTest {
    private static final long SEED = Long.getLong("billing.invariant.seed", System.nanoTime());
    private static final int SEQUENCES = Integer.getInteger("billing.invariant.sequences", 1);
    private static final int STEPS = Integer.getInteger("billing.invariant.steps", 14);
    private static final String NETWORK = "bsc";
    private static final String ADMIN = TestingGateway.token("admin-evm-invariants", "billing_admin");
    private static final BigInteger PRICE = BigInteger.TEN.pow(15);
    private static final List<String> PLANS = List.of("evm-invariant-a", "evm-invariant-b");
    private static final Duration PERIOD = Duration.ofDays(30);

    @TempDir
    Path home;

    private final Map<String, String> planIds = new HashMap<>();
    private final Map<String, Object> properties = new HashMap<>();
    /** Each subscription's payer key, so that the subscriber can sign a cancellation later. */
    private final Map<String, String> payerKeys = new HashMap<>();
    private LocalChain chain;
    private TestingDatabase database;
    private TestingGateway gateway;
    private EthersWallet wallet;
    private Duration clockOffset = Duration.ZERO;

    @Test
    void ledgerRenewalsAndNextChargesEqualTheChains() throws IOException {
        Random random = new Random(SEED);
        long started = System.nanoTime();
        int steps = 0;
        try (LocalChain opened = LocalChain.start(NETWORK, 56);
             TestingDatabase openedDatabase = TestingDatabase.postgres()) {
            chain = opened;
            database = openedDatabase;
            configure();
            try {
                restart(false);
                wallet = EthersWallet.install(gateway.context().getBean(JsonMapper.class));
                for (String plan : PLANS) {
                    createPlan(plan);
                }
                for (int sequence = 0; sequence < SEQUENCES; sequence++) {
                    List<String> history = new ArrayList<>();
                    subscribe(random, history);
                    for (int step = 0; step < STEPS; step++) {
                        act(random, history);
                        steps++;
                        String context = "seed " + SEED + " (-Dbilling.invariant.seed), sequence " + sequence + ", steps " + history;
                        chain.mine(1);
                        Eventually.await("the ledger and the chain to agree: " + context, Duration.ofSeconds(30), this::differences, List::isEmpty);
                    }
                }
            }
            finally {
                // Before the database and the chain go: the gateway's poller must not outlive them.
                if (gateway != null) {
                    gateway.close();
                }
            }
        }
        System.out.printf("evm renewal invariants: seed %d, %d sequences, %d steps, %.1f s%n", SEED, SEQUENCES, steps, (System.nanoTime() - started) / 1e9);
    }

    private void act(Random random, List<String> history) {
        int choice = random.nextInt(100);
        if (choice < 14 && liveSubscriptions() < 5) {
            subscribe(random, history);
        }
        else if (choice < 40) {
            Duration passes = Duration.ofDays(1 + random.nextInt(70)).plusHours(random.nextInt(24));
            history.add("time+" + passes.toDays() + "d");
            advance(passes);
        }
        else if (choice < 62) {
            history.add("charge");
            charge();
        }
        else if (choice < 70) {
            history.add("charge-again");
            charge();
            charge();
        }
        else if (choice < 77) {
            String plan = PLANS.get(random.nextInt(PLANS.size()));
            boolean freeze = random.nextBoolean();
            history.add((freeze ? "freeze " : "unfreeze ") + plan);
            TestingGateway.Response changed = gateway.post("/v1/billing/admin/plans/" + planIds.get(plan) + (freeze ? "/freeze" : "/unfreeze"), ADMIN, "{}");
            assertThat(changed.status()).as(changed.body()).isIn(200, 409);
        }
        else if (choice < 83) {
            String plan = PLANS.get(random.nextInt(PLANS.size()));
            BigInteger price = PRICE.multiply(BigInteger.valueOf(1 + random.nextInt(3)));
            history.add("reprice " + plan + " " + price);
            TestingGateway.Response changed = gateway.patch("/v1/billing/admin/plans/" + planIds.get(plan), ADMIN,
                    "{\"prices\": [{\"network\": \"bsc\", \"asset\": \"BNB\", \"amount\": \"" + price + "\"}]}");
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        }
        else if (choice < 91) {
            cancel(random, history);
        }
        else {
            boolean wipe = random.nextBoolean();
            history.add(wipe ? "restart-with-empty-data-directory" : "restart");
            restart(wipe);
        }
    }

    private void subscribe(Random random, List<String> history) {
        String plan = PLANS.get(random.nextInt(PLANS.size()));
        gateway.post("/v1/billing/admin/plans/" + planIds.get(plan) + "/unfreeze", ADMIN, "{}");
        Credentials payer = newAccount();
        chain.setBalances(List.of(payer.getAddress()), BigInteger.TEN.pow(19));
        String user = TestingGateway.token("evm-invariant-" + UUID.randomUUID());
        TestingGateway.Response subscribed = gateway.post("/v1/billing/subscribe", user, """
                {"plan": "%s", "network": "%s", "payerAccount": "%s"}""".formatted(plan, NETWORK, payer.getAddress()),
                "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
        String payerKey = Numeric.toHexStringWithPrefixZeroPadded(payer.getEcKeyPair().getPrivateKey(), 64);
        JsonNode sent = wallet.send(chain.rpcUrl(), payerKey, subscribed.json().get("payload"));
        assertThat(sent.get("status").getIntValue()).as("the wallet's subscribe transaction").isEqualTo(1);
        UUID subscription = UUID.fromString(subscribed.json().get("subscriptionId").getStringValue());
        payerKeys.put(subscription.toString(), payerKey);
        chain.mine(1);
        Eventually.await("subscription " + subscription + " to be activated by its event", Duration.ofSeconds(30),
                () -> database.text("SELECT status FROM billing_subscription_state WHERE id = ?", subscription), "active"::equals);
        history.add("subscribe " + plan + " " + subscription + " payer " + payer.getAddress());
    }

    /** The subscriber asks to cancel; the wallet signs the unsubscribe half of the time, and never the other half. */
    private void cancel(Random random, List<String> history) {
        List<String[]> active = rows("SELECT id, user_id FROM billing_subscription_state WHERE network = 'bsc' AND status = 'active'");
        if (active.isEmpty()) {
            history.add("cancel (nothing active)");
            return;
        }
        String[] chosen = active.get(random.nextInt(active.size()));
        String payerKey = payerKeys.get(chosen[0]);
        TestingGateway.Response asked = gateway.post("/v1/billing/unsubscribe", TestingGateway.token(chosen[1]), "{\"subscriptionId\": \"" + chosen[0] + "\"}");
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        boolean signs = random.nextBoolean() && asked.json().get("payload") != null;
        history.add("cancel " + chosen[0] + (signs ? " signed" : " never signed"));
        if (signs) {
            JsonNode sent = wallet.send(chain.rpcUrl(), payerKey, asked.json().get("payload"));
            assertThat(sent.get("status").getIntValue()).as("the wallet's unsubscribe transaction").isEqualTo(1);
        }
    }

    private Credentials newAccount() {
        try {
            return Credentials.create(Keys.createEcKeyPair());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What disagrees between the gateway and the chain now; empty when every invariant holds. */
    private List<String> differences() {
        Map<BigInteger, List<SubscriptionEvent.Charged>> charged = chargedEvents();
        List<String> differences = new ArrayList<>();
        SubscriptionManager manager = SubscriptionManager.at((String) properties.get("billing.networks.bsc.subscription-manager-address"), chain.web3j());
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT s.id, s.status, s.provider_subscription_ref, s.next_charge_at,
                            (SELECT COUNT(*) FROM payment_transactions t WHERE t.subscription_id = s.id AND t.status <> 'failed') AS payments
                     FROM billing_subscription_state s WHERE s.network = 'bsc' AND s.provider_subscription_ref IS NOT NULL""");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                BigInteger ref = new BigInteger(rows.getString("provider_subscription_ref"));
                String name = "subscription " + rows.getString("id") + " (chain id " + ref + ", gateway " + rows.getString("status") + ")";
                List<SubscriptionEvent.Charged> onChain = charged.getOrDefault(ref, List.of());
                // The subscribe transaction charges the first period: the checkout's payment and every renewal each match one event.
                if (rows.getLong("payments") != onChain.size()) {
                    differences.add(name + ": " + rows.getLong("payments") + " payments in the ledger (checkout and renewals), " + onChain.size() + " SubscriptionCharged on the chain");
                }
                for (int index = 1; index < onChain.size(); index++) {
                    if (!onChain.get(index).nextChargeAt().isAfter(onChain.get(index - 1).nextChargeAt())) {
                        differences.add(name + ": the chain charged one period twice (" + onChain.get(index - 1).location() + ", " + onChain.get(index).location() + ")");
                    }
                }
                Subscription contract = manager.getSubscription(ref).orElseThrow();
                OffsetDateTime next = rows.getObject("next_charge_at", OffsetDateTime.class);
                if (rows.getString("status").equals("active") && contract.status() == SubscriptionStatus.ACTIVE
                        && (next == null || !next.toInstant().truncatedTo(ChronoUnit.SECONDS).equals(contract.nextChargeAt()))) {
                    differences.add(name + ": next charge " + next + " in the gateway, " + contract.nextChargeAt() + " on the chain");
                }
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return differences;
    }

    /** Every {@code SubscriptionCharged} the manager emitted, by subscription, in chain order. */
    private Map<BigInteger, List<SubscriptionEvent.Charged>> chargedEvents() {
        String address = (String) properties.get("billing.networks.bsc.subscription-manager-address");
        SubscriptionManager manager = SubscriptionManager.at(address, chain.web3j());
        Map<BigInteger, List<SubscriptionEvent.Charged>> bySubscription = new HashMap<>();
        try {
            EthLog logs = chain.web3j().ethGetLogs(new EthFilter(new DefaultBlockParameterNumber(0), DefaultBlockParameterName.LATEST, address)).send();
            assertThat(logs.hasError()).as("eth_getLogs: %s", logs.getError() == null ? "" : logs.getError().getMessage()).isFalse();
            for (EthLog.LogResult<?> result : logs.getLogs()) {
                manager.decode((Log) result.get()).ifPresent(event -> {
                    if (event instanceof SubscriptionEvent.Charged charge) {
                        bySubscription.computeIfAbsent(charge.subscriptionId(), ignored -> new ArrayList<>()).add(charge);
                    }
                });
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bySubscription;
    }

    private void configure() throws IOException {
        Path secrets = Files.createDirectories(home.resolve("secrets"));
        Map<Integer, Path> keyFiles = new HashMap<>();
        for (int account : List.of(LocalChain.DEPLOYER, LocalChain.AUTHOR, LocalChain.AUTOMATION, LocalChain.OPERATOR)) {
            keyFiles.put(account, Files.writeString(secrets.resolve("anvil-" + account + ".key"), chain.privateKey(account) + "\n"));
        }
        String prefix = "billing.networks." + NETWORK + ".";
        chain.deploy(home, keyFiles).forEach((key, value) -> properties.put(prefix + key, value));
        properties.put(prefix + "rpc-urls", chain.rpcUrl());
        properties.put(prefix + "author-key", "file:" + keyFiles.get(LocalChain.AUTHOR));
        properties.put(prefix + "automation-key", "file:" + keyFiles.get(LocalChain.AUTOMATION));
        properties.put(prefix + "operator-key", "file:" + keyFiles.get(LocalChain.OPERATOR));
        properties.put(prefix + "native-code", "BNB");
        properties.put(prefix + "confirmations", "1");
        properties.put(prefix + "deposit-periods", "2");
        properties.put("billing.enabled-networks", NETWORK);
        properties.put("billing.charge.enabled", "false");
        properties.put("billing.event-polling.interval", "300ms");
        properties.put("billing.test.movable-clock", "true");
    }

    private void createPlan(String slug) {
        TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", ADMIN, """
                {"slug": "%s", "name": "EVM invariants", "billingPeriod": "P30D", "prices": [{"network": "bsc", "asset": "BNB", "amount": "%s"}]}"""
                .formatted(slug, PRICE));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        planIds.put(slug, created.json().get("id").getStringValue());
    }

    private void charge() {
        TestingGateway.Response round = gateway.post("/internal/billing/charge", null, "{\"network\": \"bsc\"}", "X-Service-Token", TestingGateway.SERVICE_TOKEN);
        assertThat(round.status()).as(round.body()).isEqualTo(200);
    }

    /** Time passes on the chain (evm_increaseTime and a block) and in the gateway (its movable clock). */
    private void advance(Duration amount) {
        clockOffset = clockOffset.plus(amount);
        ((MovableClock) gateway.context().getBean(Clock.class)).advance(amount);
        chain.increaseTime(amount);
        chain.mine(1);
    }

    /** Stops the gateway and starts it again over the same database; its clock is moved to where the chain's is. */
    private void restart(boolean wipeDataDirectory) {
        if (gateway != null) {
            gateway.close();
        }
        if (wipeDataDirectory) {
            deleteTree(home.resolve("data/networks/" + NETWORK));
        }
        gateway = TestingGateway.start(database, home, properties);
        ((MovableClock) gateway.context().getBean(Clock.class)).advance(clockOffset);
    }

    private int liveSubscriptions() {
        return (int) database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE network = 'bsc' AND status IN ('active', 'past_due')");
    }

    private List<String[]> rows(String sql) {
        List<String[]> rows = new ArrayList<>();
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(new String[] {result.getString(1), result.getString(2)});
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

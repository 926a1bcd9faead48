import io.billinggateway.contracts.ContractCall;
import io.billinggateway.contracts.SubscriptionEvent;
import io.billinggateway.contracts.SubscriptionManager;
import io.billinggateway.contracts.Web3jTransactionSender;
import io.billinggateway.gateway.charge.ChargeRun;
import io.billinggateway.gateway.charge.ChargeWorker;
import io.billinggateway.gateway.evm.LocalChain;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.json.tree.JsonNode;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * EVM charge worker benchmark: charges per second per network through the gateway's charge worker on three real
 * local chains (Anvil with chain ids 1, 56 and 137, the suite deployed by the operators' deploy command, the gateway
 * configured as {@code ethereum}, {@code bsc} and {@code polygon} with its presets), side by side with a bare loop
 * sending the same {@code chargeBatch} transactions from the same AUTOMATION key, and the same with ethereum's RPC
 * black-holed. Run with {@code bench/charge-evm/run.sh}.
 *
 * <p>Every subscription is a real one: a payer account (funded with {@code anvil_setBalance}, impersonated)
 * subscribes to the plan the gateway's admin API registered on the chain, paying the first period and a deposit of
 * twelve renewals, and the gateway's database gets the matching {@code billing_subscription_state} row. Chain time
 * then moves one period on, so every subscription is due on chain and in the gateway.
 *
 * <p>Phases, each network driven by its own thread as the lanes are (lanes themselves are off, event polling too,
 * so every round is timed and nothing else talks to the chains). Before them, one worker round on other subscriptions
 * warms the JVM up.
 * <ol>
 *   <li>gateway worker: rounds of {@link ChargeWorker#run} back to back until a round sends no transaction (nothing
 *       left to charge) or the phase's time limit passes;</li>
 *   <li>bare loop: one period later on the chains, the same subscription ids in {@code chargeBatch} transactions of
 *       the same size, sent with the contracts module's {@link Web3jTransactionSender}, each receipt awaited, nothing
 *       recorded;</li>
 *   <li>one period later again, the gateway's rows are made due for that period and ethereum's RPC becomes a black
 *       hole (connections accepted, never answered; {@code rpc-timeout} is 10 minutes, so its lane stays blocked in
 *       its first call), and bsc and polygon are charged as in the first phase.</li>
 * </ol>
 * Then the first and third phase are repeated, alternating, one period later each time; the report gives each
 * network's median over the repetitions, because other work on a small machine moves single phases by tens of
 * percent. PostgreSQL transactions are measured in the first repetition only (each measurement waits 11 s).
 *
 * <p>Chain transactions and gas are read from the chains (the AUTOMATION account's transactions in the phase's
 * blocks and their receipts), charged items from the receipts' {@code SubscriptionCharged} events. Every RPC call, the
 * gateway's and the bare loop's, goes through a TCP relay per chain, the same for all networks and phases. PostgreSQL
 * transactions are commits of the whole database, read from pg_stat_database after the statistics have been flushed.
 */
public final class EvmChargeBenchmark {
    private static final List<String> NETWORKS = List.of("ethereum", "bsc", "polygon");
    private static final Map<String, Long> CHAIN_IDS = Map.of("ethereum", 1L, "bsc", 56L, "polygon", 137L);
    private static final Map<String, String> NATIVE = Map.of("ethereum", "ETH", "bsc", "BNB", "polygon", "POL");
    private static final String BLACK_HOLED = "ethereum";
    private static final BigInteger PRICE = BigInteger.TEN.pow(15);
    private static final int DEPOSIT_PERIODS = 12;
    private static final BigInteger PAYER_BALANCE = BigInteger.TEN.pow(18);
    private static final Duration PERIOD = Duration.ofDays(30);
    private static final Duration PHASE_LIMIT = Duration.ofSeconds(60);
    private static final int SEEDING_BATCH = 200;

    /** One network of the run: its chain, the relay every RPC call goes through, and its measured subscriptions' on-chain ids. */
    private record Network(String name, LocalChain chain, RpcRelay relay, String subscriptionManager, List<BigInteger> subscriptionIds) {
        String automation() {
            return chain.address(LocalChain.AUTOMATION);
        }

        SubscriptionManager manager() {
            return SubscriptionManager.at(subscriptionManager, chain.web3j());
        }
    }

    /**
     * What one network's thread did in a phase: its seconds, of which in the provider's {@code chargeBatch} calls (the
     * worker's {@code billing_charge_latency_seconds}; all of them for the bare loop), and the worker's rounds.
     */
    private record Lane(double seconds, double callSeconds, int rounds) {
    }

    /** The AUTOMATION account's transactions in a range of blocks: how many, their gas, and the items they charged. */
    private record Tally(long transactions, BigInteger gas, long charged) {
        static final Tally NONE = new Tally(0, BigInteger.ZERO, 0);

        Tally plus(Tally other) {
            return new Tally(transactions + other.transactions, gas.add(other.gas), charged + other.charged);
        }
    }

    /**
     * One timed phase: per network its lane, what the chain shows, and the renewals in the gateway's ledger (absent for
     * the bare loop); PostgreSQL transactions per charged item when they were measured; the load average at its end.
     */
    private record Phase(Map<String, Lane> lanes, Map<String, Tally> tallies, Map<String, Long> renewals, OptionalDouble postgresPerItem, String load) {
        double rate(String network) {
            Lane lane = lanes.get(network);
            return lane == null ? Double.NaN : tallies.get(network).charged() / lane.seconds();
        }

        Tally total() {
            return tallies.values().stream().reduce(Tally.NONE, Tally::plus);
        }
    }

    /** A row of the report: the repetitions of one kind of phase. */
    private record Row(String name, List<Phase> phases) {
        /** The median over the repetitions, so one burst of other work on the machine does not make the row. */
        double rate(String network) {
            double[] rates = phases.stream().mapToDouble(phase -> phase.rate(network)).filter(rate -> !Double.isNaN(rate)).sorted().toArray();
            return rates.length == 0 ? Double.NaN : rates.length % 2 == 1 ? rates[rates.length / 2] : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
        }

        Tally total() {
            return phases.stream().map(Phase::total).reduce(Tally.NONE, Tally::plus);
        }
    }

    public static void main(String[] args) throws Exception {
        int perNetwork = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path report = Path.of(args.length > 3 ? args[3] : "bench/charge-evm/target/report.md");
        // Each repetition charges two periods, the first also the bare loop's; the deposit pays DEPOSIT_PERIODS renewals.
        check(repetitions >= 1 && 2 * repetitions + 1 <= DEPOSIT_PERIODS, "repetitions must be 1 to " + (DEPOSIT_PERIODS - 1) / 2);
        int warmUp = Math.min(perNetwork, Math.max(4 * batch, 200));
        Path home = Files.createTempDirectory("charge-evm-bench");
        try (LocalChain ethereum = LocalChain.start("ethereum", CHAIN_IDS.get("ethereum"));
             LocalChain bsc = LocalChain.start("bsc", CHAIN_IDS.get("bsc"));
             LocalChain polygon = LocalChain.start("polygon", CHAIN_IDS.get("polygon"));
             RpcRelay ethereumRelay = RpcRelay.to(ethereum.rpcUrl());
             RpcRelay bscRelay = RpcRelay.to(bsc.rpcUrl());
             RpcRelay polygonRelay = RpcRelay.to(polygon.rpcUrl());
             TestingDatabase database = TestingDatabase.postgres()) {
            Map<String, LocalChain> chains = Map.of("ethereum", ethereum, "bsc", bsc, "polygon", polygon);
            Map<String, RpcRelay> relays = Map.of("ethereum", ethereumRelay, "bsc", bscRelay, "polygon", polygonRelay);
            Map<Integer, Path> keyFiles = keyFiles(home, ethereum);
            Map<String, Object> properties = new HashMap<>();
            properties.put("billing.enabled-networks", String.join(",", NETWORKS));
            properties.put("billing.charge.enabled", "false");
            properties.put("billing.event-polling.enabled", "false");
            Map<String, String> managers = new HashMap<>();
            for (String name : NETWORKS) {
                LocalChain chain = chains.get(name);
                String prefix = "billing.networks." + name + ".";
                chain.deploy(home, keyFiles).forEach((key, value) -> properties.put(prefix + key, value));
                managers.put(name, (String) properties.get(prefix + "subscription-manager-address"));
                properties.put(prefix + "rpc-urls", relays.get(name).url());
                properties.put(prefix + "author-key", "file:" + keyFiles.get(LocalChain.AUTHOR));
                properties.put(prefix + "automation-key", "file:" + keyFiles.get(LocalChain.AUTOMATION));
                properties.put(prefix + "operator-key", "file:" + keyFiles.get(LocalChain.OPERATOR));
                properties.put(prefix + "native-code", NATIVE.get(name));
                // A black hole must hold the lane, not fail its call after the default 10 s.
                properties.put(prefix + "rpc-timeout", "10m");
                properties.put(prefix + "charge-batch-size", Integer.toString(batch));
                properties.put(prefix + "charge-lease", "5m");
            }

            try (TestingGateway gateway = TestingGateway.start(database, home, properties)) {
                ChargeWorker worker = gateway.context().getBean(ChargeWorker.class);
                MeterRegistry meters = gateway.context().getBean(MeterRegistry.class);
                TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", TestingGateway.token("bench-admin", "billing_admin"), """
                        {"slug": "bench", "name": "Bench", "billingPeriod": "P30D", "prices": [
                          {"network": "ethereum", "asset": "ETH", "amount": "%1$s"},
                          {"network": "bsc", "asset": "BNB", "amount": "%1$s"},
                          {"network": "polygon", "asset": "POL", "amount": "%1$s"}]}""".formatted(PRICE));
                check(created.status() == 201, "creating the plan: " + created.status() + " " + created.body());
                UUID planId = UUID.fromString(created.json().get("id").getStringValue());
                Map<String, String> planHashes = new HashMap<>();
                JsonNode registrations = created.json().get("networks");
                for (int index = 0; index < registrations.size(); index++) {
                    JsonNode registration = registrations.get(index);
                    check("ACTIVE".equals(registration.get("status").getStringValue()), "plan registration " + registration);
                    planHashes.put(registration.get("network").getStringValue(), registration.get("providerPlanRef").getStringValue());
                }

                // Subscriptions on the chains, one payer each: some for the warm-up, then the measured ones.
                long seeding = System.nanoTime();
                Map<String, List<BigInteger>> warmUpIds = onEachNetwork(NETWORKS, name ->
                        subscribe(chains.get(name), SubscriptionManager.at(managers.get(name), chains.get(name).web3j()), planHashes.get(name), 0, warmUp));
                Map<String, List<BigInteger>> measuredIds = onEachNetwork(NETWORKS, name ->
                        subscribe(chains.get(name), SubscriptionManager.at(managers.get(name), chains.get(name).web3j()), planHashes.get(name), warmUp, perNetwork));
                double seedingSeconds = (System.nanoTime() - seeding) / 1e9;
                Map<String, Network> networks = new LinkedHashMap<>();
                for (String name : NETWORKS) {
                    networks.put(name, new Network(name, chains.get(name), relays.get(name), managers.get(name), measuredIds.get(name)));
                    chains.get(name).increaseTime(PERIOD.plusHours(1));
                }
                Instant due = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
                for (String name : NETWORKS) {
                    // Due a minute earlier, so the warm-up round takes exactly these.
                    seedRows(database, name, planId, warmUpIds.get(name), "warm-up", due.minus(Duration.ofMinutes(1)));
                    seedRows(database, name, planId, measuredIds.get(name), "bench", due);
                }

                // A round on other subscriptions first, so class loading and JIT do not count against the first phase.
                onEachNetwork(NETWORKS, name -> worker.run(name, false, warmUp));
                endWarmUp(database);

                List<String> healthy = NETWORKS.stream().filter(name -> !name.equals(BLACK_HOLED)).toList();
                List<Phase> normal = new ArrayList<>();
                List<Phase> isolated = new ArrayList<>();
                List<ChargeRun> hungRounds = new ArrayList<>();
                long commits = commits(database);
                normal.add(workerPhase(worker, meters, database, networks, NETWORKS, perNetwork, OptionalLong.of(commits)));

                // The bare loop charges the next period on the chains; the gateway's rows are left as they are.
                networks.values().forEach(network -> network.chain().increaseTime(PERIOD));
                commits = commits(database);
                Map<String, Long> blocks = heads(networks);
                Map<String, Lane> bareLanes = onEachNetwork(NETWORKS, name -> bareLoop(networks.get(name), batch));
                long bareCommits = commits(database) - commits;
                Map<String, Tally> bareTallies = tallies(networks, blocks);
                Phase bare = new Phase(bareLanes, bareTallies, Map.of(), OptionalDouble.of(bareCommits / (double) Math.max(1, total(bareTallies).charged())), load());

                for (int repetition = 1; repetition <= repetitions; repetition++) {
                    if (repetition > 1) {
                        nextPeriod(database, networks);
                        normal.add(workerPhase(worker, meters, database, networks, NETWORKS, perNetwork, OptionalLong.empty()));
                    }
                    nextPeriod(database, networks);
                    OptionalLong before = repetition == 1 ? OptionalLong.of(commits(database)) : OptionalLong.empty();
                    RpcRelay relay = relays.get(BLACK_HOLED);
                    relay.blackHole();
                    ExecutorService hungLane = Executors.newSingleThreadExecutor();
                    try {
                        Future<ChargeRun> hung = hungLane.submit(() -> worker.run(BLACK_HOLED, false, perNetwork));
                        Thread.sleep(1_000);
                        isolated.add(workerPhase(worker, meters, database, networks, healthy, perNetwork, before));
                        check(!hung.isDone(), BLACK_HOLED + "'s lane should still hang in the black hole");
                        relay.restore();
                        ChargeRun released = hung.get(2, TimeUnit.MINUTES);
                        check(released.charged() == 0, BLACK_HOLED + " charged " + released.charged() + " through a black hole");
                        hungRounds.add(released);
                    }
                    finally {
                        relay.restore();
                        hungLane.shutdown();
                    }
                }

                List<Row> rows = List.of(new Row("gateway worker", normal), new Row("bare loop of the same chargeBatch calls", List.of(bare)),
                        new Row("gateway worker, " + BLACK_HOLED + "'s RPC black-holed", isolated));
                String text = report(perNetwork, batch, warmUp, seedingSeconds, rows, healthy, hungRounds.getFirst(), providerStates(home), database, ethereum);
                Files.createDirectories(report.toAbsolutePath().getParent());
                Files.writeString(report, text);
                System.err.println(text);
            }
        }
    }

    /**
     * Rounds of the worker on each of {@code charged}'s own thread until nothing is left to send or the time limit
     * passes; PostgreSQL transactions are counted from {@code commitsBefore} when it is given.
     */
    private static Phase workerPhase(ChargeWorker worker, MeterRegistry meters, TestingDatabase database, Map<String, Network> networks, List<String> charged,
                                     int perNetwork, OptionalLong commitsBefore) throws Exception {
        Map<String, Long> blocks = heads(networks);
        Instant started = Instant.now();
        Instant deadline = started.plus(PHASE_LIMIT);
        Map<String, Lane> lanes = onEachNetwork(charged, network -> rounds(worker, meters, networks.get(network), perNetwork, deadline));
        String load = load();
        OptionalLong commits = commitsBefore.isPresent() ? OptionalLong.of(commits(database) - commitsBefore.getAsLong()) : OptionalLong.empty();
        Map<String, Tally> tallies = tallies(networks, blocks);
        long items = Math.max(1, total(tallies).charged());
        return new Phase(lanes, tallies, renewalsSince(database, started),
                commits.isPresent() ? OptionalDouble.of(commits.getAsLong() / (double) items) : OptionalDouble.empty(), load);
    }

    /**
     * One period later: the chains' time moves a period on and the gateway's rows of the measured subscriptions are due
     * for a new period start, one the provider has never been asked for; active, no claim. Stands for the gateway having
     * recorded the charges of periods in between (the bare loop's) or a lane that had hung.
     */
    private static void nextPeriod(TestingDatabase database, Map<String, Network> networks) throws SQLException {
        Instant due = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        for (Network network : networks.values()) {
            network.chain().increaseTime(PERIOD);
            update(database, """
                    UPDATE billing_subscription_state SET status = 'active', current_period_start = ?, next_charge_at = ?, retry_at = NULL, failure_count = 0,
                           last_error = NULL, claimed_by = NULL, lease_expires_at = NULL, updated_at = now(), row_version = row_version + 1
                    WHERE network = ? AND user_id LIKE 'bench-%'""", time(due.minus(PERIOD)), time(due), network.name());
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        }
        catch (IOException e) {
            return "?";
        }
    }

    private static Lane rounds(ChargeWorker worker, MeterRegistry meters, Network network, int perNetwork, Instant deadline) {
        double callsBefore = callSeconds(meters, network.name());
        long started = System.nanoTime();
        int rounds = 0;
        while (Instant.now().isBefore(deadline)) {
            long sent = network.chain().transactionCount(network.automation());
            ChargeRun run = worker.run(network.name(), false, perNetwork);
            rounds++;
            if (run.processed() == 0 || network.chain().transactionCount(network.automation()) == sent) {
                break;
            }
        }
        return new Lane((System.nanoTime() - started) / 1e9, callSeconds(meters, network.name()) - callsBefore, rounds);
    }

    /** The worker's time in the network's provider calls so far. */
    private static double callSeconds(MeterRegistry meters, String network) {
        Timer calls = meters.find("billing_charge_latency_seconds").tag("network", network).timer();
        return calls == null ? 0 : calls.totalTime(TimeUnit.SECONDS);
    }

    /** The same chargeBatch transactions the worker sends, from the same key through the same relay, without claiming or recording anything. */
    private static Lane bareLoop(Network network, int batch) {
        Web3j web3j = Web3j.build(new HttpService(network.relay().url()));
        try {
            Web3jTransactionSender sender = new Web3jTransactionSender(web3j, Credentials.create(network.chain().privateKey(LocalChain.AUTOMATION)),
                    network.chain().chainId(), Duration.ofMinutes(2));
            SubscriptionManager manager = SubscriptionManager.at(network.subscriptionManager(), web3j);
            long started = System.nanoTime();
            long charged = 0;
            List<BigInteger> ids = network.subscriptionIds();
            for (int start = 0; start < ids.size(); start += batch) {
                TransactionReceipt receipt = sender.send(manager.chargeBatch(ids.subList(start, Math.min(ids.size(), start + batch))));
                charged += manager.chargeOutcomes(receipt).stream().filter(SubscriptionEvent.Charged.class::isInstance).count();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            check(charged == ids.size(), network.name() + ": the bare loop charged " + charged + " of " + ids.size());
            return new Lane(seconds, seconds, 0);
        }
        finally {
            web3j.shutdown();
        }
    }

    /** {@code count} payers subscribe to the plan, each paying the first period and a deposit; returns their subscription ids. */
    private static List<BigInteger> subscribe(LocalChain chain, SubscriptionManager manager, String planHash, int firstPayer, int count) {
        chain.impersonateEveryone(true);
        BigInteger before = manager.lastSubscriptionId();
        ContractCall subscribe = manager.subscribe(planHash, PRICE.multiply(BigInteger.valueOf(1 + DEPOSIT_PERIODS)));
        List<String> payers = new ArrayList<>();
        for (int payer = firstPayer; payer < firstPayer + count; payer++) {
            payers.add(String.format("0xbe0c%036x", payer));
        }
        for (int start = 0; start < payers.size(); start += SEEDING_BATCH) {
            List<String> some = payers.subList(start, Math.min(payers.size(), start + SEEDING_BATCH));
            chain.setBalances(some, PAYER_BALANCE);
            chain.sendAs(some, subscribe);
        }
        awaitEmptyPool(chain);
        BigInteger after = manager.lastSubscriptionId();
        check(after.subtract(before).intValueExact() == count, chain.network() + ": " + after.subtract(before) + " of " + count + " subscriptions activated");
        List<BigInteger> ids = new ArrayList<>();
        for (BigInteger id = before.add(BigInteger.ONE); id.compareTo(after) <= 0; id = id.add(BigInteger.ONE)) {
            ids.add(id);
        }
        return ids;
    }

    /**
     * Anvil answers eth_sendTransaction before it has mined the transaction, and under a batch of them its automine now
     * and then leaves a few in the pool until the next one arrives: waits until nothing is pending, mining a block
     * when the pool stops draining.
     */
    private static void awaitEmptyPool(LocalChain chain) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long previous = -1;
        while (true) {
            Map<?, ?> status = (Map<?, ?>) chain.rpc("txpool_status");
            long waiting = quantity(status.get("pending")) + quantity(status.get("queued"));
            if (waiting == 0) {
                return;
            }
            check(System.nanoTime() < deadline, chain.network() + ": transactions still pending after a minute: " + chain.rpc("txpool_inspect"));
            if (waiting == previous) {
                chain.mine(1);
            }
            previous = waiting;
            try {
                Thread.sleep(50);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static long quantity(Object hex) {
        return Long.parseLong(String.valueOf(hex).substring(2), 16);
    }

    /** The gateway's side of on-chain subscriptions: the confirmed checkout and the active subscription, due at {@code due}. */
    private static void seedRows(TestingDatabase database, String network, UUID planId, List<BigInteger> ids, String userPrefix, Instant due) throws SQLException {
        Instant now = Instant.now();
        String chainId = "eip155:" + CHAIN_IDS.get(network);
        try (Connection connection = database.connect();
             PreparedStatement payment = connection.prepareStatement("""
                     INSERT INTO payment_transactions (id, user_id, network, chain_id, provider_id, product_type, product_id, plan_id, subscription_id,
                            token, amount, status, provider_reference, tx_hash, confirmed_at, created_at, updated_at, row_version)
                     VALUES (?, ?, ?, ?, 'evm', 'plan_subscription', ?, ?, ?, ?, ?, 'confirmed', ?, ?, ?, ?, ?, 1)""");
             PreparedStatement subscription = connection.prepareStatement("""
                     INSERT INTO billing_subscription_state (id, user_id, plan_id, terms_version, network, chain_id, provider_id, provider_subscription_ref,
                            checkout_ledger_id, token, amount, billing_period_seconds, status, current_period_start, next_charge_at, created_at, updated_at, row_version)
                     VALUES (?, ?, ?, 1, ?, ?, 'evm', ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, 1)""")) {
            connection.setAutoCommit(false);
            for (BigInteger id : ids) {
                UUID subscriptionId = UUID.randomUUID();
                UUID checkout = UUID.randomUUID();
                String user = userPrefix + "-" + network + "-" + id;
                set(payment, checkout, user, network, chainId, planId.toString(), planId, subscriptionId, NATIVE.get(network), new BigDecimal(PRICE),
                        "checkout-" + checkout, "0x" + "0".repeat(64), time(due.minus(PERIOD)), time(now), time(now));
                payment.addBatch();
                set(subscription, subscriptionId, user, planId, network, chainId, id.toString(), checkout, NATIVE.get(network), new BigDecimal(PRICE),
                        PERIOD.toSeconds(), time(due.minus(PERIOD)), time(due), time(now), time(now));
                subscription.addBatch();
            }
            payment.executeBatch();
            subscription.executeBatch();
            connection.commit();
        }
    }

    /** The warm-up's subscriptions leave the queue, whatever the warm-up round left of them. */
    private static void endWarmUp(TestingDatabase database) throws SQLException {
        update(database, "UPDATE billing_subscription_state SET status = 'cancelled', cancelled_at = now(), claimed_by = NULL, lease_expires_at = NULL "
                + "WHERE user_id LIKE 'warm-up-%'");
    }

    /** Renewals the gateway's ledger recorded since {@code started}, per network. */
    private static Map<String, Long> renewalsSince(TestingDatabase database, Instant started) {
        Map<String, Long> counts = new HashMap<>();
        for (String network : NETWORKS) {
            counts.put(network, database.count("SELECT COUNT(*) FROM payment_transactions WHERE network = ? AND product_type = 'subscription_renewal' AND created_at >= ?",
                    network, time(started)));
        }
        return counts;
    }

    private static Map<String, Long> heads(Map<String, Network> networks) {
        Map<String, Long> heads = new HashMap<>();
        networks.forEach((name, network) -> heads.put(name, network.chain().blockNumber()));
        return heads;
    }

    private static Map<String, Tally> tallies(Map<String, Network> networks, Map<String, Long> fromBlocks) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        networks.forEach((name, network) -> tallies.put(name, tally(network, fromBlocks.get(name))));
        return tallies;
    }

    /** The AUTOMATION account's transactions in the blocks after {@code afterBlock}, read from the chain itself. */
    private static Tally tally(Network network, long afterBlock) {
        Web3j web3j = network.chain().web3j();
        SubscriptionManager manager = network.manager();
        long head = network.chain().blockNumber();
        long transactions = 0;
        BigInteger gas = BigInteger.ZERO;
        long charged = 0;
        try {
            for (long number = afterBlock + 1; number <= head; number++) {
                EthBlock.Block block = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), true).send().getBlock();
                for (EthBlock.TransactionResult<?> result : block.getTransactions()) {
                    EthBlock.TransactionObject transaction = (EthBlock.TransactionObject) result.get();
                    if (!network.automation().equalsIgnoreCase(transaction.getFrom())) {
                        continue;
                    }
                    TransactionReceipt receipt = web3j.ethGetTransactionReceipt(transaction.getHash()).send().getTransactionReceipt().orElseThrow();
                    transactions++;
                    gas = gas.add(receipt.getGasUsed());
                    charged += manager.chargeOutcomes(receipt).stream().filter(SubscriptionEvent.Charged.class::isInstance).count();
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Tally(transactions, gas, charged);
    }

    private static Tally total(Map<String, Tally> tallies) {
        return tallies.values().stream().reduce(Tally.NONE, Tally::plus);
    }

    @FunctionalInterface
    private interface NetworkWork<T> {
        T run(String network) throws Exception;
    }

    /** Runs the work of each network on its own thread; returns each network's result. */
    private static <T> Map<String, T> onEachNetwork(List<String> networks, NetworkWork<T> work) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(networks.size());
        try {
            Map<String, Future<T>> futures = new LinkedHashMap<>();
            for (String network : networks) {
                futures.put(network, threads.submit(() -> work.run(network)));
            }
            Map<String, T> results = new LinkedHashMap<>();
            for (Map.Entry<String, Future<T>> entry : futures.entrySet()) {
                results.put(entry.getKey(), entry.getValue().get());
            }
            return results;
        }
        finally {
            threads.shutdown();
        }
    }

    private static String report(int perNetwork, int batch, int warmUp, double seedingSeconds, List<Row> rows, List<String> healthy, ChargeRun hungRound,
                                 String providerStates, TestingDatabase database, LocalChain anyChain) throws Exception {
        StringBuilder text = new StringBuilder();
        int repetitions = rows.getFirst().phases().size();
        text.append("EVM charge benchmark: ").append(perNetwork).append(" due subscriptions per network on three Anvil chains (ethereum 1, bsc 56, polygon 137), ")
                .append("native-coin plan, charge-batch-size ").append(batch).append(", the networks charged concurrently (one thread each). ")
                .append("Worker phases end when a round sends no transaction, or after ").append(PHASE_LIMIT.toSeconds()).append(" s. ")
                .append("Worker rows: median of ").append(repetitions).append(" repetitions, alternating healthy and black-holed; ")
                .append("PostgreSQL transactions from the first.\n\n");
        text.append("| run | ethereum charges/s | bsc charges/s | polygon charges/s | chain transactions per charged item | gas per charged item | PostgreSQL transactions per charged item |\n");
        text.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            Tally total = row.total();
            text.append("| ").append(row.name()).append(" |");
            for (String network : NETWORKS) {
                double rate = row.rate(network);
                text.append(' ').append(Double.isNaN(rate) ? "hung" : String.format("%.0f", rate)).append(" |");
            }
            text.append(' ').append(total.charged() == 0 ? "-" : String.format("%.3f", total.transactions() / (double) total.charged())).append(" |");
            text.append(' ').append(total.charged() == 0 ? "-" : String.format("%,d", total.gas().divide(BigInteger.valueOf(total.charged())))).append(" |");
            OptionalDouble postgres = row.phases().getFirst().postgresPerItem();
            text.append(' ').append(postgres.isPresent() ? String.format("%.3f", postgres.getAsDouble()) : "-").append(" |\n");
        }
        text.append("\nEach phase, per network: charges/s (items charged on chain of ").append(perNetwork)
                .append(" due, chain transactions, renewals in the gateway's ledger, worker rounds, seconds, of which in the provider's chargeBatch calls), ")
                .append("and the load average at its end:\n\n");
        for (Row row : rows) {
            for (int index = 0; index < row.phases().size(); index++) {
                Phase phase = row.phases().get(index);
                List<String> parts = new ArrayList<>();
                for (String network : NETWORKS) {
                    Lane lane = phase.lanes().get(network);
                    if (lane == null) {
                        parts.add(network + " hung");
                        continue;
                    }
                    Tally tally = phase.tallies().get(network);
                    parts.add(String.format("%s %.0f/s (%d, %d txs, %s%.1f s, %.1f s in chargeBatch)", network, phase.rate(network), tally.charged(),
                            tally.transactions(), phase.renewals().isEmpty() ? "" : phase.renewals().get(network) + " renewals, " + lane.rounds() + " rounds, ",
                            lane.seconds(), lane.callSeconds()));
                }
                text.append("- ").append(row.name()).append(row.phases().size() > 1 ? " #" + (index + 1) : "").append(": ")
                        .append(String.join("; ", parts)).append("; load ").append(phase.load()).append('\n');
            }
        }
        Row normal = rows.getFirst();
        Row isolated = rows.getLast();
        text.append("\n").append(String.join(" and ", healthy)).append(" with ").append(BLACK_HOLED).append("'s RPC black-holed, relative to all three healthy (medians): ");
        for (String network : healthy) {
            text.append(network).append(' ').append(String.format("%+.1f%%", 100 * (isolated.rate(network) / normal.rate(network) - 1))).append("  ");
        }
        text.append("\nthe same per repetition (black-holed phase against the healthy phase before it): ");
        for (int index = 0; index < isolated.phases().size(); index++) {
            Phase before = normal.phases().get(index);
            Phase after = isolated.phases().get(index);
            text.append('#').append(index + 1);
            for (String network : healthy) {
                text.append(' ').append(network).append(' ').append(String.format("%+.1f%%", 100 * (after.rate(network) / before.rate(network) - 1)));
            }
            text.append("  ");
        }
        text.append("\n").append(BLACK_HOLED).append("'s lane stayed blocked in its first chargeBatch call for each whole phase; once the black hole dropped ")
                .append("its connections the round ended with ").append(hungRound.failed()).append(" items failed (")
                .append(hungRound.errors().isEmpty() ? "no error" : hungRound.errors().getFirst().replaceAll("^subscription [^:]+: ", "")).append(")\n");
        text.append("\nThe EVM provider's state at the end (rewritten whole after every chargeBatch): ").append(providerStates).append('\n');
        text.append("Subscribing ").append(NETWORKS.size() * (perNetwork + warmUp)).append(" payers on the chains (").append(warmUp)
                .append(" per network for the warm-up round) took ").append(String.format("%.0f s", seedingSeconds)).append(".\n");
        text.append("Machine: ").append(machine(database, anyChain)).append('\n');
        return text.toString();
    }

    /** Size and remembered charges of each network's {@code evm-state.json} in the gateway's data directory. */
    private static String providerStates(Path home) throws IOException {
        List<String> states = new ArrayList<>();
        try (var files = Files.walk(home)) {
            for (Path file : files.filter(path -> path.getFileName().toString().equals("evm-state.json")).sorted().toList()) {
                String content = Files.readString(file);
                int charges = content.split("\"sentAt\"", -1).length - 1;
                states.add(home.relativize(file) + " " + (Files.size(file) >> 10) + " KiB, " + charges + " charges");
            }
        }
        return String.join("; ", states);
    }

    /** Commits and rollbacks of the database so far, once every backend has flushed its statistics (PostgreSQL 15 flushes idle backends within 10 s). */
    private static long commits(TestingDatabase database) throws Exception {
        Thread.sleep(11_000);
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rows = statement.executeQuery("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()")) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String machine(TestingDatabase database, LocalChain chain) throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
        String postgres;
        String databaseName;
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_setting('server_version'), current_database()")) {
            rows.next();
            postgres = rows.getString(1);
            databaseName = rows.getString(2);
        }
        String anvil = String.valueOf(chain.rpc("web3_clientVersion"));
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap, JDK "
                + Runtime.version() + ", PostgreSQL " + postgres + " (database " + databaseName + "), " + anvil + ", all on the same machine";
    }

    private static Map<Integer, Path> keyFiles(Path home, LocalChain chain) throws IOException {
        Path directory = Files.createDirectories(home.resolve("secrets"));
        Map<Integer, Path> files = new HashMap<>();
        for (int account : List.of(LocalChain.DEPLOYER, LocalChain.AUTHOR, LocalChain.AUTOMATION, LocalChain.OPERATOR)) {
            files.put(account, Files.writeString(directory.resolve("anvil-" + account + ".key"), chain.privateKey(account) + "\n"));
        }
        return files;
    }

    private static void update(TestingDatabase database, String sql, Object... parameters) throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            set(statement, parameters);
            statement.executeUpdate();
        }
    }

    private static void set(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int index = 0; index < parameters.length; index++) {
            statement.setObject(index + 1, parameters[index]);
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /**
     * A TCP relay in front of one chain's node. Black-holed, it accepts connections and reads what is sent but never
     * forwards or answers anything, as an RPC provider that went dark behind a live load balancer: a caller waits until
     * its own timeout.
     */
    private static final class RpcRelay implements AutoCloseable {
        private final ServerSocket server;
        private final InetSocketAddress node;
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        private volatile boolean blackHoled;

        private RpcRelay(InetSocketAddress node) throws IOException {
            this.node = node;
            this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().name("rpc-relay-" + node.getPort()).start(this::accept);
        }

        static RpcRelay to(String nodeUrl) throws IOException {
            URI uri = URI.create(nodeUrl);
            return new RpcRelay(new InetSocketAddress(uri.getHost(), uri.getPort()));
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        void blackHole() {
            blackHoled = true;
        }

        /** Ends the black hole; the connections it held are closed, so calls waiting in it fail now. */
        void restore() {
            blackHoled = false;
            sockets.forEach(RpcRelay::closeQuietly);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    sockets.add(client);
                    Thread.ofVirtual().start(() -> relay(client));
                }
                catch (IOException e) {
                    return;
                }
            }
        }

        private void relay(Socket client) {
            try (client) {
                if (blackHoled) {
                    pump(client.getInputStream(), OutputStream.nullOutputStream(), false);
                    return;
                }
                try (Socket upstream = new Socket(node.getAddress(), node.getPort())) {
                    sockets.add(upstream);
                    upstream.setTcpNoDelay(true);
                    client.setTcpNoDelay(true);
                    Thread.ofVirtual().start(() -> {
                        try {
                            pump(upstream.getInputStream(), client.getOutputStream(), false);
                        }
                        catch (IOException e) {
                            // the other direction closes both
                        }
                        finally {
                            closeQuietly(client);
                        }
                    });
                    pump(client.getInputStream(), upstream.getOutputStream(), true);
                }
            }
            catch (IOException e) {
                // a closed connection ends its relay
            }
            finally {
                sockets.removeIf(Socket::isClosed);
            }
        }

        /** Copies until the end of {@code in}; what arrives while black-holed is dropped if {@code honourBlackHole}. */
        private void pump(InputStream in, OutputStream out, boolean honourBlackHole) throws IOException {
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (honourBlackHole && blackHoled) {
                    continue;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            }
            catch (IOException e) {
                // closing is all that is wanted
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            sockets.forEach(RpcRelay::closeQuietly);
        }
    }
}

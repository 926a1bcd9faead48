import io.billinggateway.gateway.charge.ChargeRun;
import io.billinggateway.gateway.charge.ChargeWorker;
import io.billinggateway.gateway.charge.TestingLedgerPspBooks;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.Money;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Charge worker benchmark: charges per second per network through the gateway's worker (claim, one provider call
 * per batch, recording every outcome) against the testing PSP on PostgreSQL, side by side with a bare loop sending
 * the same provider calls, and the same with one network's PSP hung. Run with {@code bench/charge/run.sh}.
 *
 * <p>Three networks, each driven by its own thread as the lanes are; lanes themselves are off so every round is timed.
 * Transactions are PostgreSQL commits of the whole database (gateway and PSP), read from pg_stat_database after the
 * statistics have been flushed.
 */
public final class ChargeBenchmark {
    private static final List<String> NETWORKS = List.of("alpha", "beta", "gamma");
    private static final Duration PERIOD = Duration.ofDays(30);

    public static void main(String[] args) throws Exception {
        int perNetwork = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path report = Path.of(args.length > 2 ? args[2] : "bench/charge/target/report.md");
        Path home = Files.createTempDirectory("charge-bench");
        try (TestingDatabase database = TestingDatabase.postgres();
             TestingLedgerPspBooks books = TestingLedgerPspBooks.open(database)) {
            Map<String, Object> properties = new HashMap<>();
            for (String network : NETWORKS) {
                properties.putAll(books.networkProperties(network, Map.of("charge-batch-size", Integer.toString(batch), "charge-lease", "5m")));
            }
            properties.put("billing.enabled-networks", String.join(",", NETWORKS));
            properties.put("billing.charge.enabled", false);
            try (TestingGateway gateway = TestingGateway.start(database, home, properties)) {
                ChargeWorker worker = gateway.context().getBean(ChargeWorker.class);
                ProviderRouter router = gateway.context().getBean(ProviderRouter.class);
                List<String> rows = new ArrayList<>();

                Instant due = Instant.now().minus(Duration.ofHours(1));
                NETWORKS.forEach(network -> books.seed(network, perNetwork, "ok", due, PERIOD));
                warmUp(worker, books, due, batch);
                long before = commits(database);
                Map<String, Double> workerRates = timed(NETWORKS, network -> {
                    ChargeRun run = worker.run(network, false, perNetwork);
                    check(run.charged() == perNetwork, network + " charged " + run.charged() + " of " + perNetwork);
                    return run.charged();
                });
                double workerTransactions = (commits(database) - before) / (double) (NETWORKS.size() * perNetwork);
                NETWORKS.forEach(network -> books.assertChargedExactlyOnce(network, perNetwork + batch, due, PERIOD));
                rows.add(row("gateway worker", workerRates, workerTransactions, 1.0 / batch));

                before = commits(database);
                Map<String, Double> bareRates = timed(NETWORKS, network -> bareLoop(router.resolve(network).provider(), books, network, due.plus(PERIOD), batch));
                double bareTransactions = (commits(database) - before) / (double) (NETWORKS.size() * (perNetwork + batch));
                rows.add(row("bare loop of the same provider calls", bareRates, bareTransactions, 1.0 / batch));

                Instant dueAgain = Instant.now().minus(Duration.ofMinutes(30));
                List<String> healthy = List.of("alpha", "beta");
                healthy.forEach(network -> books.seed(network, perNetwork, "ok", dueAgain, PERIOD));
                books.seed("gamma", perNetwork, "ok", dueAgain, PERIOD);
                books.hang("gamma", true);
                ExecutorService hungLane = Executors.newSingleThreadExecutor();
                Future<ChargeRun> hung = hungLane.submit(() -> worker.run("gamma", false, perNetwork));
                Thread.sleep(500);
                Map<String, Double> isolatedRates = timed(healthy, network -> {
                    ChargeRun run = worker.run(network, false, perNetwork);
                    check(run.charged() == perNetwork, network + " charged " + run.charged() + " of " + perNetwork + " while gamma hung");
                    return run.charged();
                });
                check(!hung.isDone(), "gamma's lane should still hang");
                rows.add(row("gateway worker, gamma's PSP hung", isolatedRates, Double.NaN, 1.0 / batch));
                books.hang("gamma", false);
                hung.get();
                hungLane.shutdown();

                String machine = machine(database);
                StringBuilder text = new StringBuilder();
                text.append("Charge benchmark: ").append(perNetwork).append(" due subscriptions per network, batches of ").append(batch)
                        .append(", three networks charged concurrently (one thread each)\n\n");
                text.append("| run | alpha charges/s | beta charges/s | gamma charges/s | PostgreSQL transactions per charged item | provider calls per charged item |\n");
                text.append("|---|---:|---:|---:|---:|---:|\n");
                rows.forEach(row -> text.append(row).append('\n'));
                text.append("\nalpha and beta with gamma hung, relative to all three healthy: ");
                healthy.forEach(network -> text.append(network).append(' ')
                        .append(String.format("%+.1f%%", 100 * (isolatedRates.get(network) / workerRates.get(network) - 1))).append("  "));
                text.append("\n\nMachine: ").append(machine).append('\n');
                Files.createDirectories(report.toAbsolutePath().getParent());
                Files.writeString(report, text);
                System.err.println(text);
            }
        }
    }

    /** One small round per network first, so class loading and JIT do not count against the first network timed. */
    private static void warmUp(ChargeWorker worker, TestingLedgerPspBooks books, Instant due, int batch) {
        NETWORKS.forEach(network -> books.seed(network, batch, "ok", due, PERIOD));
        NETWORKS.forEach(network -> worker.run(network, false, batch));
    }

    /** The same calls the worker makes, periods one later, without claiming or recording anything. */
    private static int bareLoop(BillingProvider provider, TestingLedgerPspBooks books, String network, Instant periodStart, int batch) {
        List<Map<String, Object>> subscriptions = books.query(
                "SELECT provider_subscription_ref FROM billing_subscription_state WHERE network = ? ORDER BY id", network);
        for (int start = 0; start < subscriptions.size(); start += batch) {
            List<ChargeItem> items = subscriptions.subList(start, Math.min(start + batch, subscriptions.size())).stream()
                    .map(row -> new ChargeItem((String) row.get("provider_subscription_ref"), periodStart, Money.of(TestingLedgerPspBooks.AMOUNT, TestingLedgerPspBooks.ASSET)))
                    .toList();
            provider.chargeBatch(new ChargeBatchRequest(items));
        }
        return subscriptions.size();
    }

    @FunctionalInterface
    private interface NetworkWork {
        /** Returns how many items it charged. */
        int run(String network) throws Exception;
    }

    /** Runs the work of each network on its own thread; returns each network's charges per second. */
    private static Map<String, Double> timed(List<String> networks, NetworkWork work) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(networks.size());
        try {
            Map<String, Future<Double>> futures = new LinkedHashMap<>();
            for (String network : networks) {
                futures.put(network, threads.submit(() -> {
                    long started = System.nanoTime();
                    int items = work.run(network);
                    return items / ((System.nanoTime() - started) / 1e9);
                }));
            }
            Map<String, Double> rates = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Double>> entry : futures.entrySet()) {
                rates.put(entry.getKey(), entry.getValue().get());
            }
            return rates;
        }
        finally {
            threads.shutdown();
        }
    }

    private static String row(String name, Map<String, Double> rates, double transactionsPerItem, double callsPerItem) {
        StringBuilder row = new StringBuilder("| ").append(name).append(" |");
        for (String network : NETWORKS) {
            Double rate = rates.get(network);
            row.append(' ').append(rate == null ? "hung" : String.format("%.0f", rate)).append(" |");
        }
        row.append(' ').append(Double.isNaN(transactionsPerItem) ? "-" : String.format("%.2f", transactionsPerItem)).append(" |");
        row.append(' ').append(String.format("%.2f", callsPerItem)).append(" |");
        return row.toString();
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

    private static String machine(TestingDatabase database) throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
        String postgres;
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW server_version")) {
            rows.next();
            postgres = rows.getString(1);
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap, JDK "
                + Runtime.version() + ", PostgreSQL " + postgres + " on the same machine";
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}

import io.billinggateway.gateway.security.TokenCommand;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Latency of {@code /v1/billing/overview/dashboard}, {@code /networks} and {@code /plans} over a million payments.
 *
 * <p>Starts {@code gateway-core/target/gateway} on a fresh PostgreSQL schema (Flyway creates the tables and V11's
 * indexes), fills it with {@code generate_series} in a few SQL statements (seeded: {@code setseed}, so every run holds
 * the same rows), runs {@code VACUUM ANALYZE} (the state autovacuum keeps a table in), then times each report cold (a distinct {@code to} per request, so the cache
 * cannot answer) and cached (the same query again), next to two references measured in the same run on the same table:
 * {@code SELECT count(*) FROM payment_transactions} over JDBC and the uncached {@code /overview/summary}, which groups
 * every payment. Run with {@code bench/overview/run.sh [payments] [subscriptions]}; see docs/performance.md.
 */
public final class OverviewBench {
    private static final String SECRET = "bench-secret-of-the-billing-gateway-0123456789";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int COLD_SAMPLES = 5;
    private static final int CACHED_SAMPLES = 50;

    public static void main(String[] args) throws Exception {
        int payments = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int subscriptions = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath();
        String postgres = System.getProperty("bench.postgres", "jdbc:postgresql://127.0.0.1:5432/test");
        String schema = "bench_overview_" + System.currentTimeMillis();
        try (Connection connection = DriverManager.getConnection(postgres, "postgres", "")) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
        }
        Path home = Files.createTempDirectory("overview-bench");
        Path portFile = home.resolve("gateway.port");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx1g", "-cp",
                root.resolve("gateway-core/target/gateway/lib").toString() + "/*", "io.billinggateway.gateway.Application")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("gateway.log").toFile());
        builder.environment().put("BILLING_PORT", "0");
        builder.environment().put("BILLING_PORT_FILE", portFile.toString());
        builder.environment().put("BILLING_DATA_DIR", home.resolve("data").toString());
        builder.environment().put("BILLING_DATABASE_URL", postgres + "?currentSchema=" + schema);
        builder.environment().put("BILLING_DATABASE_USER", "postgres");
        builder.environment().put("BILLING_JWT_SECRET", SECRET);
        builder.environment().put("BILLING_NETWORKS", "fiat");
        builder.environment().put("LOG_LEVEL", "WARN");
        Process gateway = builder.start();
        try (Connection connection = DriverManager.getConnection(postgres + "?currentSchema=" + schema, "postgres", "")) {
            String base = "http://127.0.0.1:" + awaitPort(portFile, gateway, home);
            long seedStart = System.nanoTime();
            seed(connection, payments, subscriptions);
            System.out.printf("seeded %,d payments and %,d subscriptions in %.1f s%n%n", payments, subscriptions, (System.nanoTime() - seedStart) / 1e9);

            String token = TokenCommand.sign(SECRET, "bench-finance", List.of("finance_ops"), Duration.ofHours(2), Instant.now());
            Instant to = Instant.now().truncatedTo(ChronoUnit.DAYS);
            System.out.println("| query | cold p50 ms | cold max ms | cached p50 ms | cached p95 ms |");
            System.out.println("|---|---:|---:|---:|---:|");
            reference("reference: SELECT count(*) FROM payment_transactions (JDBC)", () -> count(connection));
            report(base, token, "reference: /overview/summary (uncached, groups every payment)", step -> "/v1/billing/overview/summary", false);
            report(base, token, "/overview/dashboard, 30 days by day", step -> "/v1/billing/overview/dashboard?interval=day&" + window(to, step, 30));
            report(base, token, "/overview/dashboard, 12 weeks by week", step -> "/v1/billing/overview/dashboard?interval=week&" + window(to, step, 84));
            report(base, token, "/overview/dashboard, 12 months by month", step -> "/v1/billing/overview/dashboard?interval=month&" + window(to, step, 360));
            report(base, token, "/overview/networks, 30 days", step -> "/v1/billing/overview/networks?" + window(to, step, 30));
            report(base, token, "/overview/plans, 30 days", step -> "/v1/billing/overview/plans?" + window(to, step, 30));
        }
        finally {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
            try (Connection connection = DriverManager.getConnection(postgres, "postgres", "")) {
                connection.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /**
     * Three networks with two assets each over the last 365 days: subscriptions with their confirmed checkout payments
     * (P1M, P1Y and 30-day plans; a fifth of them ended), the remaining payments (85 % confirmed, 7 % failed, 3 %
     * refunded with a refund row, 5 % pending), and three charge attempts per subscription.
     */
    private static void seed(Connection connection, int payments, int subscriptions) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT setseed(0.42)");
            statement.execute("""
                    INSERT INTO billing_plans (id, slug, name, billing_period_seconds, billing_period_months, status, terms_version, created_at, updated_at, row_version)
                    SELECT md5('plan' || i)::uuid, 'plan-' || i, 'Plan ' || i, CASE WHEN i % 3 = 2 THEN 2592000 END,
                           CASE i % 3 WHEN 0 THEN 1 WHEN 1 THEN 12 END, 'ACTIVE', 1, now(), now(), 1
                    FROM generate_series(0, 19) AS i""");
            // assets: fiat/USD, fiat/EUR, polygon/USDC, polygon/MATIC, bsc/USDT, bsc/BNB
            String asset = "(ARRAY['fiat','fiat','polygon','polygon','bsc','bsc'])[1 + %1$s %% 6], (ARRAY['USD','EUR','USDC','MATIC','USDT','BNB'])[1 + %1$s %% 6]";
            statement.execute("""
                    INSERT INTO payment_transactions (id, user_id, network, token, chain_id, provider_id, product_type, product_id, plan_id, amount,
                           refunded_amount, status, confirmed_at, created_at, updated_at, row_version)
                    SELECT md5('checkout' || i)::uuid, 'user-' || (i %% %2$d), %1$s, 'chain', 'provider', 'plan_subscription', 'plan',
                           md5('plan' || (i %% 20))::uuid, (1000 + i %% 9000)::numeric, 0, 'confirmed',
                           t + interval '20 seconds' * (1 + i %% 90), t, t, 1
                    FROM (SELECT i, now() - interval '365 days' * random() AS t FROM generate_series(1, %3$d) AS i) AS s"""
                    .formatted(asset.formatted("i"), subscriptions / 2, subscriptions));
            statement.execute("""
                    INSERT INTO billing_subscription_state (id, user_id, plan_id, terms_version, network, chain_id, provider_id, checkout_ledger_id, token, amount,
                           billing_period_seconds, billing_period_months, status, next_charge_at, cancelled_at, created_at, updated_at, row_version)
                    SELECT md5('subscription' || i)::uuid, p.user_id, p.plan_id, 1, p.network, 'chain', 'provider', p.id, p.token, p.amount,
                           pl.billing_period_seconds, pl.billing_period_months,
                           CASE WHEN i %% 5 = 0 THEN 'cancelled' ELSE 'active' END,
                           CASE WHEN i %% 5 = 0 THEN NULL ELSE now() + interval '30 days' * random() - interval '1 day' END,
                           CASE WHEN i %% 5 = 0 THEN p.confirmed_at + (now() - p.confirmed_at) * random() END,
                           p.created_at, p.created_at, 1
                    FROM generate_series(1, %1$d) AS i
                    JOIN payment_transactions p ON p.id = md5('checkout' || i)::uuid
                    JOIN billing_plans pl ON pl.id = p.plan_id""".formatted(subscriptions));
            int others = payments - subscriptions;
            statement.execute("""
                    INSERT INTO payment_transactions (id, user_id, network, token, chain_id, provider_id, product_type, product_id, plan_id, amount,
                           refunded_amount, status, confirmed_at, created_at, updated_at, row_version)
                    SELECT md5('payment' || i)::uuid, 'user-' || (i %% %2$d), %1$s, 'chain', 'provider', 'subscription_renewal', 'plan',
                           md5('plan' || (i %% 20))::uuid, (1000 + i %% 9000)::numeric,
                           CASE WHEN r >= 0.92 AND r < 0.95 THEN (1000 + i %% 9000)::numeric ELSE 0 END,
                           CASE WHEN r < 0.85 THEN 'confirmed' WHEN r < 0.92 THEN 'failed' WHEN r < 0.95 THEN 'refunded' ELSE 'pending' END,
                           CASE WHEN r < 0.85 OR (r >= 0.92 AND r < 0.95) THEN t + interval '20 seconds' * (1 + i %% 90) END, t, t, 1
                    FROM (SELECT i, random() AS r, now() - interval '365 days' * random() AS t FROM generate_series(1, %3$d) AS i) AS s"""
                    .formatted(asset.formatted("i"), subscriptions / 2, others));
            statement.execute("""
                    INSERT INTO billing_refunds (network, refund_ref, ledger_id, amount, reason, requested_by, created_at)
                    SELECT network, 'refund-' || id, id, refunded_amount, 'bench', 'bench', confirmed_at + interval '1 day'
                    FROM payment_transactions WHERE status = 'refunded'""");
            statement.execute("""
                    INSERT INTO billing_charge_attempt (id, subscription_id, network, chain_id, period_start, outcome, payment_token, amount, fee, created_at)
                    SELECT md5('attempt' || s.id || k)::uuid, s.id, s.network, 'chain', s.created_at + interval '30 days' * k,
                           (ARRAY['charged','charged','charged','skipped','failed'])[1 + (k + abs(hashtext(s.id::text))) % 5], s.token, s.amount,
                           s.amount / 100, s.created_at + interval '30 days' * k
                    FROM billing_subscription_state s CROSS JOIN generate_series(1, 3) AS k""");
            // VACUUM sets the visibility map, as autovacuum does on a table in service, so index-only scans can be used
            statement.execute("VACUUM ANALYZE");
        }
    }

    interface Step {
        String path(int step);
    }

    interface Timed {
        void run() throws Exception;
    }

    /** The window of {@code days} ending {@code step} minutes before {@code to}: a new cache key per step. */
    private static String window(Instant to, int step, int days) {
        Instant end = to.minus(step, ChronoUnit.MINUTES);
        return "from=" + end.minus(days, ChronoUnit.DAYS) + "&to=" + end;
    }

    private static void report(String base, String token, String name, Step step) throws Exception {
        report(base, token, name, step, true);
    }

    private static void report(String base, String token, String name, Step step, boolean cached) throws Exception {
        List<Long> cold = new ArrayList<>();
        for (int index = 1; index <= COLD_SAMPLES; index++) {
            String path = step.path(index);
            cold.add(time(() -> get(base + path, token)));
        }
        List<Long> warm = new ArrayList<>();
        if (cached) {
            for (int index = 0; index < CACHED_SAMPLES; index++) {
                warm.add(time(() -> get(base + step.path(1), token)));
            }
        }
        System.out.printf("| %s | %s | %s | %s | %s |%n", name, millis(cold, 0.5), millis(cold, 1.0), warm.isEmpty() ? "-" : millis(warm, 0.5),
                warm.isEmpty() ? "-" : millis(warm, 0.95));
    }

    private static void reference(String name, Timed query) throws Exception {
        List<Long> samples = new ArrayList<>();
        for (int index = 0; index < COLD_SAMPLES; index++) {
            samples.add(time(query));
        }
        System.out.printf("| %s | %s | %s | - | - |%n", name, millis(samples, 0.5), millis(samples, 1.0));
    }

    private static void count(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM payment_transactions").close();
        }
    }

    private static long time(Timed timed) throws Exception {
        long start = System.nanoTime();
        timed.run();
        return System.nanoTime() - start;
    }

    private static String millis(List<Long> samples, double quantile) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return "%.1f".formatted(sorted.get(Math.max(0, (int) Math.ceil(quantile * sorted.size()) - 1)) / 1e6);
    }

    private static void get(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** The port the gateway wrote once it listened (the file appears complete, atomically). */
    private static int awaitPort(Path portFile, Process gateway, Path home) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException("the gateway exited: " + Files.readString(home.resolve("gateway.log")));
            }
            try {
                return Integer.parseInt(Files.readString(portFile).strip());
            }
            catch (NoSuchFileException notYet) {
                Thread.sleep(100); // polling a file the gateway writes once; not synchronisation between threads of this program
            }
        }
        throw new IllegalStateException("the gateway did not report its port in 180 s");
    }
}

import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checkout and webhook throughput and latency of the packaged gateway on loopback against PostgreSQL.
 *
 * <p>Starts {@code gateway-core/target/gateway} as a separate process on a fresh PostgreSQL schema, creates a
 * plan, then (1) sends N checkouts with distinct Idempotency-Keys from C concurrent clients, (2) pays every
 * checkout on the mock PSP with the PSP's webhooks captured by this program instead of the gateway, and
 * (3) replays the captured, genuinely signed webhooks to the gateway from C concurrent clients.
 * Run with {@code bench/gateway/run.sh [N] [C]}; see docs/performance.md.
 */
public final class GatewayBench {
    private static final String SECRET = "bench-secret-of-the-billing-gateway-0123456789";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath();
        String postgres = System.getProperty("bench.postgres", "jdbc:postgresql://127.0.0.1:5432/test");
        String schema = "bench_" + System.currentTimeMillis();
        try (Connection connection = DriverManager.getConnection(postgres, "postgres", "")) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
        }
        List<byte[]> captured = new CopyOnWriteArrayList<>();
        List<Map<String, List<String>>> capturedHeaders = new CopyOnWriteArrayList<>();
        HttpServer capture = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        capture.createContext("/", exchange -> {
            capturedHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
            captured.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        capture.start();

        Path home = Files.createTempDirectory("gateway-bench");
        Path portFile = home.resolve("gateway.port");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx1g", "-cp",
                root.resolve("gateway-core/target/gateway/lib").toString() + "/*", "io.billinggateway.gateway.Application")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("gateway.log").toFile());
        // The system assigns the port as the gateway binds; the gateway writes it to the file once it serves.
        builder.environment().put("BILLING_PORT", "0");
        builder.environment().put("BILLING_PORT_FILE", portFile.toString());
        builder.environment().put("BILLING_DATA_DIR", home.resolve("data").toString());
        builder.environment().put("BILLING_DATABASE_URL", postgres + "?currentSchema=" + schema);
        builder.environment().put("BILLING_DATABASE_USER", "postgres");
        builder.environment().put("BILLING_JWT_SECRET", SECRET);
        builder.environment().put("BILLING_NETWORKS", "fiat");
        // The bench replays thousands of webhooks from one address as fast as it can: it measures the gateway, not its abuse limit.
        builder.environment().put("BILLING_RATE_LIMITS_WEBHOOKS_PER_MINUTE", "0");
        builder.environment().put("BILLING_NETWORKS_FIAT_WEBHOOK_URL", "http://127.0.0.1:" + capture.getAddress().getPort() + "/hook");
        builder.environment().put("LOG_LEVEL", "WARN");
        Process gateway = builder.start();
        try {
            String base = "http://127.0.0.1:" + awaitPort(portFile, gateway, home);
            awaitUp(base, gateway, home);
            String admin = token("bench-admin", "billing_admin");
            HttpResponse<String> plan = post(base + "/v1/billing/admin/plans", admin, Map.of(), """
                    {"slug":"bench","name":"Bench","prices":[{"network":"fiat","asset":"USD","amount":"500"}]}""");
            require(plan.statusCode() == 201, "plan: " + plan.body());

            // Warm-up, not measured.
            run(200, concurrency, index -> post(base + "/v1/billing/checkout", token("warm-" + index), Map.of("Idempotency-Key", "warm-" + index),
                    "{\"plan\":\"bench\",\"network\":\"fiat\"}"));

            List<String> urls = Collections.synchronizedList(new ArrayList<>());
            Result checkout = run(requests, concurrency, index -> {
                HttpResponse<String> response = post(base + "/v1/billing/checkout", token("user-" + index), Map.of("Idempotency-Key", "k-" + index),
                        "{\"plan\":\"bench\",\"network\":\"fiat\"}");
                require(response.statusCode() == 201, "checkout: " + response.body());
                Matcher url = Pattern.compile("\"url\":\"([^\"]+)\"").matcher(response.body());
                require(url.find(), "no url in " + response.body());
                urls.add(url.group(1));
                return response;
            });
            Result replay = run(requests, concurrency, index -> post(base + "/v1/billing/checkout", token("user-" + index), Map.of("Idempotency-Key", "k-" + index),
                    "{\"plan\":\"bench\",\"network\":\"fiat\"}"));

            run(urls.size(), concurrency, index -> CLIENT.send(HttpRequest.newBuilder(URI.create(urls.get(index) + "/pay"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("card=4242424242424242")).build(), HttpResponse.BodyHandlers.ofString()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (captured.size() < urls.size() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            require(captured.size() >= urls.size(), "captured only " + captured.size() + " webhooks");
            Result webhooks = run(captured.size(), concurrency, index -> {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/billing/networks/fiat/webhook"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(captured.get(index)));
                capturedHeaders.get(index).forEach((name, values) -> {
                    if (name.toLowerCase().startsWith("webhook-") || name.equalsIgnoreCase("content-type")) {
                        values.forEach(value -> request.header(name, value));
                    }
                });
                HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
                require(response.statusCode() == 200, "webhook: " + response.body());
                return response;
            });
            Result duplicates = run(captured.size(), concurrency, index -> {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/billing/networks/fiat/webhook"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(captured.get(index)));
                capturedHeaders.get(index).forEach((name, values) -> {
                    if (name.toLowerCase().startsWith("webhook-") || name.equalsIgnoreCase("content-type")) {
                        values.forEach(value -> request.header(name, value));
                    }
                });
                return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            });
            System.out.printf("machine: %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("java.version"));
            System.out.printf("%d requests per scenario, %d concurrent clients, gateway and PostgreSQL on loopback%n", requests, concurrency);
            System.out.println("| scenario | requests/s | p50 ms | p95 ms | p99 ms | max ms |");
            System.out.println("|---|---|---|---|---|---|");
            checkout.print("checkout (new Idempotency-Key)");
            replay.print("checkout replay (same key)");
            webhooks.print("webhook, first delivery (verify + apply)");
            duplicates.print("webhook, duplicate delivery");
        }
        finally {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
            capture.stop(0);
            try (Connection connection = DriverManager.getConnection(postgres, "postgres", "")) {
                connection.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    record Result(int count, long elapsedNanos, List<Long> latencies) {
        void print(String scenario) {
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("| %s | %.0f | %.1f | %.1f | %.1f | %.1f |%n", scenario, count / (elapsedNanos / 1e9),
                    percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99), sorted.getLast() / 1e6);
        }

        private static double percentile(List<Long> sorted, double quantile) {
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
        }
    }

    interface Call {
        Object call(int index) throws Exception;
    }

    static Result run(int count, int concurrency, Call call) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(concurrency);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            int current = index;
            futures.add(executor.submit(() -> {
                long begin = System.nanoTime();
                call.call(current);
                latencies.add(System.nanoTime() - begin);
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        long elapsed = System.nanoTime() - start;
        executor.shutdown();
        return new Result(count, elapsed, new ArrayList<>(latencies));
    }

    static HttpResponse<String> post(String url, String token, Map<String, String> headers, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An HS256 JWT with sub and roles, signed with the secret the gateway was started with. */
    static String token(String subject, String... roles) throws Exception {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        StringBuilder roleList = new StringBuilder();
        for (String role : roles) {
            roleList.append(roleList.isEmpty() ? "" : ",").append('"').append(role).append('"');
        }
        long now = System.currentTimeMillis() / 1000;
        String claims = encoder.encodeToString(("{\"sub\":\"" + subject + "\",\"roles\":[" + roleList + "],\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return header + "." + claims + "." + encoder.encodeToString(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.UTF_8)));
    }

    /** The port the gateway wrote (atomically: a present file is complete) once it listened. */
    static int awaitPort(Path portFile, Process gateway, Path home) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            require(gateway.isAlive(), "the gateway exited: " + Files.readString(home.resolve("gateway.log")));
            try {
                return Integer.parseInt(Files.readString(portFile).strip());
            }
            catch (NoSuchFileException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the gateway did not report its port in 120 s");
    }

    static void awaitUp(String base, Process gateway, Path home) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            require(gateway.isAlive(), "the gateway exited: " + Files.readString(home.resolve("gateway.log")));
            try {
                if (CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/v1/billing/networks")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            }
            catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the gateway did not start in 120 s");
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}

package io.billinggateway.gateway.solana;

import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Solana Pay through the whole gateway: the network {@code solana-devnet} served by the {@code solana-poc} provider
 * against a real Solana runtime (the provider module's test chain: solana-bankrun behind a JSON-RPC shim, run with
 * Node). An admin prices a one-time plan on it, a user checks out and gets a transfer request, a wallet (Solana Pay's
 * own library) pays it, and the gateway's event poller confirms the payment: {@code /me/history} shows it
 * {@code confirmed} with the transaction signature as {@code txHash}. A transfer of the wrong amount fails the
 * payment with the provider's reason.
 *
 * <p>The test chain lives in {@code provider-solana-poc/src/test/node}; this class installs it with {@code npm ci}
 * into {@code target/} (Node.js 20+ and npm must be on the PATH, or the test fails saying so).
 */
class SolanaPayEndToEndTest {
    private static final String NETWORK = "solana-devnet";
    private static final String DEVNET = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";

    private static TestChain chain;
    private static String mint;
    private static String recipient;

    @TempDir
    Path home;

    @BeforeAll
    static void startChain() {
        chain = TestChain.start();
        mint = chain.result("test_createMint", "{\"decimals\":6}", "mint");
        recipient = chain.result("test_newRecipient", "{\"mints\":[\"" + mint + "\"]}", "address");
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "h2"})
    void paymentToTheReferenceIsConfirmedAndShowsInHistory(String databaseKind) {
        try (TestingDatabase database = databaseKind.equals("postgresql") ? TestingDatabase.postgres() : TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, solanaNetwork())) {
            String admin = TestingGateway.token("admin-1", "billing_admin");
            String user = TestingGateway.token("user-" + UUID.randomUUID());

            TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", admin, """
                    {"slug": "solana-report", "name": "Solana report", "prices": [{"network": "solana-devnet", "asset": "SOL", "amount": "1999"}]}""");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("networks").get(0).get("status").getStringValue()).isEqualTo("ACTIVE");

            TestingGateway.Response checkout = gateway.post("/v1/billing/checkout", user, """
                    {"plan": "solana-report", "network": "solana-devnet"}""", "Idempotency-Key", "buy-solana-report");
            assertThat(checkout.status()).as(checkout.body()).isEqualTo(201);
            assertThat(checkout.json().get("chainId").getStringValue()).isEqualTo(DEVNET);
            assertThat(checkout.json().get("providerId").getStringValue()).isEqualTo("solana-poc");
            JsonNode payload = checkout.json().get("payload");
            assertThat(payload.get("type").getStringValue()).isEqualTo("payment_request");
            String uri = payload.get("uri").getStringValue();
            String reference = payload.get("reference").getStringValue();
            assertThat(uri).startsWith("solana:" + recipient + "?amount=0.000001999&reference=" + reference);

            TestingGateway.Response repeated = gateway.post("/v1/billing/checkout", user, """
                    {"plan": "solana-report", "network": "solana-devnet"}""", "Idempotency-Key", "buy-solana-report");
            assertThat(repeated.json().get("payload").get("reference").getStringValue()).as("the same Idempotency-Key, the same reference").isEqualTo(reference);

            String signature = chain.pay(uri, "");

            TestingGateway.Response history = Eventually.await("the Solana payment to be confirmed by the event poller", Duration.ofSeconds(30),
                    () -> gateway.get("/v1/billing/me/history", user),
                    response -> response.json() != null && response.json().size() > 0 && "confirmed".equals(response.json().get(0).get("status").getStringValue()));
            JsonNode payment = history.json().get(0);
            assertThat(payment.get("id").getStringValue()).isEqualTo(checkout.json().get("ledgerId").getStringValue());
            assertThat(payment.get("network").getStringValue()).isEqualTo(NETWORK);
            assertThat(payment.get("chainId").getStringValue()).isEqualTo(DEVNET);
            assertThat(payment.get("token").getStringValue()).isEqualTo("SOL");
            assertThat(payment.get("amount").getStringValue()).isEqualTo("1999");
            assertThat(payment.get("txHash").getStringValue()).isEqualTo(signature);
        }
    }

    @Test
    void transferOfTheWrongAmountFailsThePayment() {
        try (TestingDatabase database = TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, solanaNetwork())) {
            String admin = TestingGateway.token("admin-1", "billing_admin");
            String user = TestingGateway.token("user-" + UUID.randomUUID());
            assertThat(gateway.post("/v1/billing/admin/plans", admin, """
                    {"slug": "usdc-report", "name": "USDC report", "prices": [{"network": "solana-devnet", "asset": "USDC", "amount": "2500000"}]}""")
                    .status()).isEqualTo(201);
            TestingGateway.Response checkout = gateway.post("/v1/billing/checkout", user, """
                    {"plan": "usdc-report", "network": "solana-devnet"}""", "Idempotency-Key", "buy-usdc-report");
            assertThat(checkout.status()).as(checkout.body()).isEqualTo(201);
            String uri = checkout.json().get("payload").get("uri").getStringValue();
            assertThat(uri).contains("amount=2.5&spl-token=" + mint);

            String signature = chain.pay(uri, ",\"amount\":\"2.4\"");

            TestingGateway.Response history = Eventually.await("the underpaid Solana payment to fail", Duration.ofSeconds(30),
                    () -> gateway.get("/v1/billing/me/history", user),
                    response -> response.json() != null && response.json().size() > 0 && "failed".equals(response.json().get(0).get("status").getStringValue()));
            assertThat(history.json().get(0).get("failureReason").getStringValue())
                    .contains("PAYMENT_DECLINED", signature, "wrong amount: the recipient received 2400000 base units of USDC");
        }
    }

    private static Map<String, Object> solanaNetwork() {
        String prefix = "billing.networks." + NETWORK + ".";
        return Map.of(
                "billing.enabled-networks", NETWORK,
                prefix + "provider", "solana-poc",
                prefix + "chain-id", DEVNET,
                prefix + "rpc-url", chain.rpcUrl.toString(),
                prefix + "recipient", recipient,
                prefix + "spl-token-mint", mint,
                prefix + "spl-token-code", "USDC",
                prefix + "spl-token-decimals", "6",
                prefix + "label", "Billing Gateway tests",
                "billing.event-polling.interval", "1s");
    }

    /**
     * The provider module's Solana test chain in a Node process: installed from its lock file, started on a free
     * port, stopped by closing its standard input.
     */
    private static final class TestChain implements AutoCloseable {
        private static final Path SOURCES = Path.of("..", "provider-solana-poc", "src", "test", "node");
        private static final Path INSTALLATION = Path.of("target", "solana-test-node");
        private static final Pattern RESULT_MEMBER = Pattern.compile("\"result\":\\{[^}]*?\"(\\w+)\":\"([^\"]*)\"");

        private final Process process;
        private final URI rpcUrl;
        private final HttpClient client = HttpClient.newHttpClient();

        private TestChain(Process process, URI rpcUrl) {
            this.process = process;
            this.rpcUrl = rpcUrl;
        }

        static TestChain start() {
            try {
                Path directory = install();
                ProcessBuilder builder = new ProcessBuilder(executable("node"), "solana-test-chain.mjs").directory(directory.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD);
                builder.environment().put("RUST_LOG", "error");
                Process process = builder.start();
                BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String line = CompletableFuture.supplyAsync(() -> {
                    try {
                        return output.readLine();
                    }
                    catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).get(60, TimeUnit.SECONDS);
                if (line == null || !line.startsWith("listening on ")) {
                    process.destroyForcibly();
                    throw new AssertionError("the Solana test chain did not start: " + line);
                }
                return new TestChain(process, URI.create("http://127.0.0.1:" + line.substring("listening on ".length()).strip()));
            }
            catch (Exception e) {
                throw new AssertionError("cannot start the Solana test chain from " + SOURCES.toAbsolutePath() + ": " + e, e);
            }
        }

        private static Path install() throws IOException, InterruptedException {
            Path target = INSTALLATION.toAbsolutePath();
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(SOURCES)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            String lock = Files.readString(target.resolve("package-lock.json"));
            Path stamp = target.resolve("node_modules").resolve(".installed-lock");
            if (!Files.exists(stamp) || !Files.readString(stamp).equals(Integer.toHexString(lock.hashCode()))) {
                Process npm = new ProcessBuilder(executable("npm"), "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
                        .directory(target.toFile()).redirectErrorStream(true).start();
                String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                    throw new AssertionError("npm ci of the Solana test chain failed: " + log);
                }
                Files.writeString(stamp, Integer.toHexString(lock.hashCode()));
            }
            return target;
        }

        private static String executable(String name) {
            String path = System.getenv().getOrDefault("PATH", "");
            for (String entry : path.split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(entry, name))) {
                    return Path.of(entry, name).toString();
                }
            }
            throw new AssertionError("'" + name + "' is not on the PATH; the Solana end-to-end test needs Node.js 20+ and npm to run its test chain");
        }

        /** Pays a transfer request URL as a wallet would (overrides: extra JSON members, e.g. {@code ,"amount":"2.4"}); returns the signature. */
        String pay(String transferRequest, String overrides) {
            return result("test_payUrl", "{\"url\":\"" + transferRequest + "\"" + overrides + "}", "signature");
        }

        /** Calls a test method whose result is an object and returns one of its string members. */
        String result(String method, String parameter, String member) {
            String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":[" + parameter + "]}";
            try {
                String answer = client.send(HttpRequest.newBuilder(rpcUrl).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher matcher = RESULT_MEMBER.matcher(answer);
                while (matcher.find()) {
                    if (matcher.group(1).equals(member)) {
                        return matcher.group(2);
                    }
                }
                throw new AssertionError("the Solana test chain answered " + method + " without " + member + ": " + answer);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            catch (IOException e) {
                process.destroyForcibly();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            client.close();
        }
    }
}

package io.billinggateway.provider.solana;

import com.sun.net.httpserver.HttpServer;
import io.billinggateway.provider.solana.json.Json;
import io.billinggateway.provider.solana.json.JsonObject;
import io.billinggateway.provider.solana.pay.ReferenceKeys;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.PlanStatus;
import io.billinggateway.spi.ProviderMetrics;
import io.billinggateway.spi.RegisterPlanRequest;
import io.billinggateway.spi.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration, health, plans and checkout rules that need no chain (a canned RPC answers health probes). */
class SolanaBillingProviderTest {
    private static final String RECIPIENT = ReferenceKeys.random(new SecureRandom());
    private static final String MINT = ReferenceKeys.random(new SecureRandom());
    private static final URI NOWHERE = URI.create("http://127.0.0.1:9");
    private static final Money PRICE = Money.of(1999, "SOL");

    @TempDir
    Path dataDirectory;

    @Test
    void unusableConfigurationNamesTheKey() {
        assertInvalid(Map.of("recipient", "0xdAC17F958D2ee523a2206206994597C13D831ec7"), "billing.networks.solana-devnet.recipient must be a base58 Solana address");
        assertInvalid(Map.of("rpc-url", "ftp://node.example"), "billing.networks.solana-devnet.rpc-url must be an absolute http or https URL");
        assertInvalid(Map.of("commitment", "processed"), "billing.networks.solana-devnet.commitment must be confirmed or finalized, got 'processed'");
        assertInvalid(Map.of("spl-token-mint", MINT), "billing.networks.solana-devnet.spl-token-code is missing");
        assertInvalid(Map.of("spl-token-mint", MINT, "spl-token-code", "SOL", "spl-token-decimals", "6"), "spl-token-code must differ from SOL");
        assertInvalid(Map.of("spl-token-mint", MINT, "spl-token-code", "USDC", "spl-token-decimals", "40"), "spl-token-decimals must be between 0 and 18");
        assertInvalid(Map.of("checkout-ttl", "0s"), "checkout-ttl must be positive");
        assertInvalid(Map.of("signature-limit", "5000"), "signature-limit must be between 1 and 1000");
    }

    @Test
    void describesSolAndTheConfiguredToken() {
        try (BillingProvider provider = provider(Map.of("commitment", "finalized"))) {
            assertThat(provider.describe().assets()).extracting(asset -> asset.code() + "/" + asset.decimals() + "/" + asset.address().orElse("native"))
                    .containsExactly("SOL/9/native", "USDC/6/" + MINT);
            assertThat(provider.describe().confirmations()).isEqualTo(32);
            assertThat(provider.describe().chainId()).isEqualTo(TestingSolanaChain.DEVNET);
        }
    }

    @Test
    void unreachableNodeIsDownQuicklyAndNeverThrows() {
        try (BillingProvider provider = provider(Map.of("health-timeout", "500ms"))) {
            long started = System.nanoTime();
            HealthReport report = provider.health();

            assertThat(report.status()).isEqualTo(HealthReport.Status.DOWN);
            assertThat(report.details().get("reason")).contains("Solana RPC http://127.0.0.1:9 is unreachable");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void nodeOfAnotherClusterIsDownAndTheUrlsSecretPartIsNeverShown() throws IOException {
        HttpServer node = cannedNode("5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuqCCCNDSqbu", false);
        try (BillingProvider provider = TestingProviders.create(dataDirectory, Clock.systemUTC(),
                TestingProviders.values(URI.create("http://127.0.0.1:" + node.getAddress().getPort() + "/rpc/api-key-0123456789?token=abc"), RECIPIENT,
                        Optional.of(MINT), Map.of()), Map.of())) {
            HealthReport report = provider.health();

            assertThat(report.status()).isEqualTo(HealthReport.Status.DOWN);
            assertThat(report.details().get("reason")).contains("genesis hash 5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuqCCCNDSqbu, not chain " + TestingSolanaChain.DEVNET);
            assertThat(report.activeEndpoint()).contains("http://127.0.0.1:" + node.getAddress().getPort());
            assertThat(report.toString()).doesNotContain("api-key-0123456789", "token=abc");
        }
        finally {
            node.stop(0);
        }
    }

    @Test
    void nodeBehindTheClusterIsDegraded() throws IOException {
        HttpServer node = cannedNode(TestingSolanaChain.DEVNET_GENESIS_HASH, true);
        try (BillingProvider provider = provider(URI.create("http://127.0.0.1:" + node.getAddress().getPort()), Map.of())) {
            HealthReport report = provider.health();

            assertThat(report.status()).isEqualTo(HealthReport.Status.DEGRADED);
            assertThat(report.details().get("node-health")).contains("-32005 Node is behind by 42 slots");
        }
        finally {
            node.stop(0);
        }
    }

    @Test
    void nodeOfTheConfiguredClusterIsUp() throws IOException {
        HttpServer node = cannedNode(TestingSolanaChain.DEVNET_GENESIS_HASH, false);
        try (BillingProvider provider = provider(URI.create("http://127.0.0.1:" + node.getAddress().getPort()), Map.of())) {
            HealthReport report = provider.health();

            assertThat(report.status()).isEqualTo(HealthReport.Status.UP);
            assertThat(report.details()).containsEntry("slot", "4242").containsEntry("commitment", "confirmed").containsEntry("pending-checkouts", "0");
            assertThat(report.latency()).isPresent();
        }
        finally {
            node.stop(0);
        }
    }

    @Test
    void plansAreLocalPricesIdempotentPerVersion() {
        try (BillingProvider provider = provider(Map.of())) {
            PlanDefinition plan = new PlanDefinition("plan-1", "Report", PRICE, Optional.empty(), 1);
            String ref = provider.registerPlan(new RegisterPlanRequest(plan)).providerPlanRef();

            assertThat(provider.registerPlan(new RegisterPlanRequest(plan)).providerPlanRef()).isEqualTo(ref);
            assertThatThrownBy(() -> provider.registerPlan(new RegisterPlanRequest(new PlanDefinition("plan-1", "Report", Money.of(2000, "SOL"), Optional.empty(), 1))))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
            assertThatThrownBy(() -> provider.registerPlan(new RegisterPlanRequest(new PlanDefinition("plan-2", "Monthly", PRICE, Optional.of(Duration.ofDays(30)), 1))))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED))
                    .hasMessageContaining("capability RECURRING_CHARGE not declared");
            assertThatThrownBy(() -> provider.registerPlan(new RegisterPlanRequest(new PlanDefinition("plan-3", "Euro", Money.of(5, "EUR"), Optional.empty(), 1))))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                    .hasMessageContaining("offers [SOL, USDC]");
        }
    }

    @Test
    void checkoutFollowsThePlanAndIsIdempotent() {
        try (BillingProvider provider = provider(Map.of())) {
            String plan = provider.registerPlan(new RegisterPlanRequest(new PlanDefinition("plan-1", "Report", PRICE, Optional.empty(), 1))).providerPlanRef();
            CheckoutRequest request = request("checkout-1", plan, PRICE, CheckoutKind.ONE_TIME);

            String reference = provider.checkout(request).providerReference();

            assertThat(provider.checkout(request).providerReference()).isEqualTo(reference);
            assertThat(provider.checkout(request("checkout-2", plan, PRICE, CheckoutKind.ONE_TIME)).providerReference()).isNotEqualTo(reference);
            assertCode(ErrorCode.CONFLICT, () -> provider.checkout(request("checkout-1", plan, Money.of(1, "SOL"), CheckoutKind.ONE_TIME)));
            assertCode(ErrorCode.INVALID_REQUEST, () -> provider.checkout(request("checkout-3", plan, Money.of(1, "SOL"), CheckoutKind.ONE_TIME)));
            assertCode(ErrorCode.NOT_FOUND, () -> provider.checkout(request("checkout-4", "solplan_unknown", PRICE, CheckoutKind.ONE_TIME)));
            assertCode(ErrorCode.UNSUPPORTED, () -> provider.checkout(request("checkout-5", plan, PRICE, CheckoutKind.SUBSCRIPTION)));
            provider.changePlanStatus(new ChangePlanStatusRequest(plan, PlanStatus.INACTIVE));
            assertCode(ErrorCode.CONFLICT, () -> provider.checkout(request("checkout-6", plan, PRICE, CheckoutKind.ONE_TIME)));
        }
    }

    @Test
    void derivedReferencesAreTheSameAfterTheJournalIsLost(@TempDir Path otherDirectory) {
        Map<String, Secret> secrets = Map.of("reference-secret", new Secret("env:SOLANA_REFERENCE_SECRET", "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8)));
        Map<String, String> values = TestingProviders.values(NOWHERE, RECIPIENT, Optional.empty(), Map.of());
        String first;
        try (BillingProvider provider = TestingProviders.create(dataDirectory, Clock.systemUTC(), values, secrets)) {
            String plan = provider.registerPlan(new RegisterPlanRequest(new PlanDefinition("plan-1", "Report", PRICE, Optional.empty(), 1))).providerPlanRef();
            first = provider.checkout(request("checkout-1", plan, PRICE, CheckoutKind.ONE_TIME)).providerReference();
        }
        try (BillingProvider provider = TestingProviders.create(otherDirectory, Clock.systemUTC(), values, secrets)) {
            String plan = provider.registerPlan(new RegisterPlanRequest(new PlanDefinition("plan-1", "Report", PRICE, Optional.empty(), 1))).providerPlanRef();
            assertThat(provider.checkout(request("checkout-1", plan, PRICE, CheckoutKind.ONE_TIME)).providerReference()).isEqualTo(first);
        }
    }

    private BillingProvider provider(Map<String, String> extra) {
        return provider(NOWHERE, extra);
    }

    private BillingProvider provider(URI rpcUrl, Map<String, String> extra) {
        return TestingProviders.create(dataDirectory, rpcUrl, RECIPIENT, Optional.of(MINT), extra);
    }

    private void assertInvalid(Map<String, String> override, String message) {
        Map<String, String> values = new HashMap<>(TestingProviders.values(NOWHERE, RECIPIENT, Optional.empty(), Map.of()));
        values.putAll(override);
        NetworkConfig config = TestingProviders.config(values, Map.of());
        assertThatThrownBy(() -> new SolanaBillingProviderFactory().create(config, TestingProviders.context(dataDirectory, Clock.systemUTC(), ProviderMetrics.noop())))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
                .hasMessageContaining(message);
    }

    private static void assertCode(ErrorCode code, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    private static CheckoutRequest request(String checkoutId, String plan, Money amount, CheckoutKind kind) {
        return new CheckoutRequest(checkoutId, kind, "customer-1", plan, amount, Optional.empty(), Optional.empty(), Map.of());
    }

    /** A node that answers the health probe's three methods; getGenesisHash with the given hash, getHealth with an error when behind. */
    private static HttpServer cannedNode(String genesisHash, boolean behind) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            JsonObject request = Json.parseObject(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Object result = switch (request.string("method")) {
                case "getHealth" -> "ok";
                case "getSlot" -> 4242;
                case "getGenesisHash" -> genesisHash;
                default -> null;
            };
            Map<String, Object> answer = new HashMap<>();
            answer.put("jsonrpc", "2.0");
            answer.put("id", request.integer("id"));
            if (behind && request.string("method").equals("getHealth")) {
                answer.put("error", Map.of("code", -32005, "message", "Node is behind by 42 slots"));
            }
            else {
                answer.put("result", result);
            }
            byte[] body = Json.write(answer).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}

package io.billinggateway.gateway.api;

import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Health, metrics, OpenAPI and the problem format of framework errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiSurfaceTest {
    private static final Pattern DOCUMENTED_PATH = Pattern.compile(
            "localhost:8080(/[^\\s`\"')\\]]*)|`(/(?:swagger|swagger-ui|health|prometheus)[^\\s`]*)`");

    private TestingDatabase database;
    private TestingGateway gateway;

    @BeforeAll
    void start() throws Exception {
        database = TestingDatabase.h2();
        gateway = TestingGateway.start(database, Files.createTempDirectory("surface"), Map.of());
    }

    @AfterAll
    void stop() {
        gateway.close();
        database.close();
    }

    @Test
    void healthReportsTheDatabaseAndEveryNetwork() {
        TestingGateway.Response health = gateway.get("/health", null);
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.json().get("status").getStringValue()).isEqualTo("UP");
        assertThat(health.json().get("details").get("billing-networks").get("details").get("fiat").get("status").getStringValue()).isEqualTo("UP");
        assertThat(health.json().get("details").get("jdbc").get("status").getStringValue()).isEqualTo("UP");
    }

    @Test
    void prometheusMetricsAreServedWithNetworkLabels() {
        gateway.get("/v1/billing/networks", null);
        TestingGateway.Response metrics = gateway.get("/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests_seconds");
    }

    @Test
    void openApiDocumentAndUiAreServed() {
        TestingGateway.Response document = gateway.get("/swagger/billing-gateway.yml", null);
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body()).contains("/v1/billing/checkout").contains("/v1/billing/admin/plans").contains("/v1/billing/plans");
        assertThat(document.body()).as("the document completed by the build (ApiConventions), not the bare generated one")
                .contains("webhookSignature:").contains("application/problem+json").doesNotContain("Controller.");
        assertThat(gateway.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    /**
     * Every gateway path a reader copies from README.md or docs/: {@code http://localhost:8080/...} URLs and the
     * backquoted {@code /swagger...}, {@code /health}, {@code /prometheus} paths. Asked without a token, each must
     * exist (401 or 405 for a protected or POST-only route is fine; 404 is a broken instruction).
     */
    @Test
    void everyPathTheDocumentationGivesExists() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> documents = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).forEach(documents::add);
        }
        Set<String> paths = new TreeSet<>();
        for (Path document : documents) {
            Matcher path = DOCUMENTED_PATH.matcher(Files.readString(document));
            while (path.find()) {
                String found = path.group(1) != null ? path.group(1) : path.group(2);
                if (!found.contains("*") && !found.contains("{") && !found.contains("<")) {
                    paths.add(found.replaceFirst("\\?.*", ""));
                }
            }
        }
        assertThat(paths).as("paths found in " + documents).contains("/swagger/billing-gateway.yml", "/swagger-ui/", "/health", "/v1/billing/plans");

        Map<String, Integer> statuses = new TreeMap<>();
        paths.forEach(path -> statuses.put(path, gateway.get(path, null).status()));
        assertThat(statuses).as("documented paths and their statuses").allSatisfy((path, status) -> assertThat(status).as(path).isNotEqualTo(404));
    }

    @Test
    void frameworkErrorsAreProblemDocuments() {
        TestingGateway.Response unknown = gateway.get("/v1/billing/nowhere", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknown.json().get("type").getStringValue()).isEqualTo("https://billing-gateway.dev/problems/not-found");

        String user = TestingGateway.token("user-1");
        TestingGateway.Response malformed = gateway.post("/v1/billing/checkout", user, "{not json", "Idempotency-Key", "m-1");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");

        TestingGateway.Response missingKey = gateway.post("/v1/billing/checkout", user, "{\"plan\": \"x\", \"network\": \"fiat\"}");
        assertThat(missingKey.status()).isEqualTo(400);
        assertThat(missingKey.json().get("errors").get(0).getStringValue()).startsWith("Idempotency-Key: header is required");

        TestingGateway.Response tooLarge = gateway.post("/v1/billing/checkout", user, "{\"plan\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}", "Idempotency-Key", "big");
        assertThat(tooLarge.status()).isEqualTo(413);
    }
}

package io.billinggateway.gateway.api;

import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Health, metrics, OpenAPI and the problem format of framework errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiSurfaceTest {
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
        assertThat(gateway.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
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

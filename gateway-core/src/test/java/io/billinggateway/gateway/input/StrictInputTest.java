package io.billinggateway.gateway.input;

import io.billinggateway.gateway.security.Roles;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input the gateway once answered with a 500, or coerced into something else, on PostgreSQL (which refuses NUL
 * and overlong text): each is now a 400 problem naming the field and the limit, and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictInputTest {
    private static final String ADMIN = TestingGateway.token("admin", Roles.BILLING_ADMIN);
    private static final String USER = TestingGateway.token("alice");

    private TestingDatabase database;
    private TestingGateway gateway;
    private String planPath;

    @BeforeAll
    void start() throws Exception {
        database = TestingDatabase.postgres();
        gateway = TestingGateway.start(database, Files.createTempDirectory("strict-input"), Map.of());
        TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", ADMIN, plan("pro", "\"Pro\"", "\"P30D\""));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        planPath = "/v1/billing/admin/plans/" + created.json().get("id").getStringValue();
    }

    @AfterAll
    void stop() {
        gateway.close();
        database.close();
    }

    record Rejected(String method, String path, String token, String body, String field, String words) {
        @Override
        public String toString() {
            return method + " " + path + " " + (body.length() > 80 ? body.substring(0, 80) + "..." : body);
        }
    }

    Stream<Rejected> rejected() {
        String longText = "x".repeat(2001);
        return Stream.of(
                new Rejected("POST", "/v1/billing/admin/plans", ADMIN, plan("nul-name", "\"Pro\\u0000\"", "\"P30D\""), "name", "control characters"),
                new Rejected("POST", "/v1/billing/admin/plans", ADMIN, plan("long-name", "\"" + "n".repeat(201) + "\"", "\"P30D\""), "name", "at most 200 characters"),
                new Rejected("POST", "/v1/billing/admin/plans", ADMIN, plan("long-description", "\"Pro\"", "\"P30D\"").replace("\"prices\"", "\"description\": \"" + longText + "\", \"prices\""),
                        "description", "at most 2000 characters"),
                new Rejected("POST", "/v1/billing/admin/plans", ADMIN, plan("lifetime", "\"Pro\"", "\"P99999999999D\""), "billingPeriod", "3650 days"),
                new Rejected("POST", "/v1/billing/admin/plans", ADMIN, plan("typed", "true", "30"), "name", "expected a string"),
                new Rejected("POST", "/v1/billing/admin/plans", ADMIN, plan("unknown", "\"Pro\"", "\"P30D\"").replace("\"prices\"", "\"colour\": \"red\", \"prices\""),
                        "colour", "is not a field"),
                new Rejected("PATCH", planPath, ADMIN, "{\"name\": \"Pro\\u0000\"}", "name", "control characters"),
                new Rejected("PATCH", planPath, ADMIN, "{\"description\": \"" + longText + "\"}", "description", "at most 2000 characters"),
                new Rejected("PATCH", planPath, ADMIN, "{\"billingPeriod\": \"P99999999999D\"}", "billingPeriod", "3650 days"),
                new Rejected("POST", "/v1/billing/checkout", USER, "{\"plan\": \"pro\\u0000\", \"network\": \"fiat\"}", "plan", "control characters"),
                new Rejected("POST", "/v1/billing/subscribe", USER, "{\"plan\": \"pro\\u0000\", \"network\": \"fiat\"}", "plan", "control characters"),
                new Rejected("POST", "/v1/billing/subscribe", USER, "{\"plan\": 7, \"network\": \"fiat\"}", "plan", "expected a string"),
                new Rejected("POST", "/v1/billing/unsubscribe", USER, "{\"subscriptionId\": \"not-an-id\"}", "subscriptionId", "expected a UUID"),
                new Rejected("POST", "/internal/billing/charge", null, "{\"dryRun\": \"yes\"}", "dryRun", "expected a boolean"),
                new Rejected("POST", "/internal/billing/charge", null, "{\"dryRun\": [true]}", "dryRun", "expected a boolean"),
                new Rejected("POST", "/internal/billing/charge", null, "{\"dryrun\": true}", "dryrun", "is not a field"),
                new Rejected("POST", "/internal/billing/charge", null, "{\"limit\": \"1\"}", "limit", "expected an integer"),
                new Rejected("POST", "/internal/billing/charge", null, "{\"limit\": 0}", "limit", "between 1 and 10000"),
                new Rejected("POST", "/v1/billing/subscribe", USER, "{\"plan\": \"pro\", \"network\": \"fiat\"}x", "body", "one JSON document"),
                new Rejected("POST", "/v1/billing/admin/plans", ADMIN, plan("two-documents", "\"Pro\"", "\"P30D\"") + " {}", "body", "one JSON document"),
                new Rejected("GET", "/v1/billing/me/history?limit=abc", USER, "", "limit", "an integer from 1 to 500"),
                new Rejected("GET", "/internal/billing/dues?limit=1e3", null, "", "limit", "an integer from 1 to 1000"),
                new Rejected("GET", "/v1/billing/plans/pro%00x", null, "", "path", "control characters"),
                new Rejected("GET", "/v1/billing/me/history?limit=%0A", USER, "", "query parameter limit", "control characters"));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void isABadRequestNamingTheFieldAndChangesNothing(Rejected rejected) {
        long plans = database.count("SELECT count(*) FROM billing_plans");
        long payments = database.count("SELECT count(*) FROM payment_transactions");
        long keys = database.count("SELECT count(*) FROM billing_idempotency_keys");

        TestingGateway.Response response = send(rejected);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("code").getStringValue()).isEqualTo("INVALID_REQUEST");
        assertThat(response.json().get("detail").getStringValue()).contains(rejected.field() + ": ").contains(rejected.words())
                .doesNotContain("java.", "io.micronaut", "Exception", "sql");
        assertThat(database.count("SELECT count(*) FROM billing_plans")).isEqualTo(plans);
        assertThat(database.count("SELECT count(*) FROM payment_transactions")).isEqualTo(payments);
        assertThat(database.count("SELECT count(*) FROM billing_idempotency_keys")).isEqualTo(keys);
    }

    @Test
    void everyProblemOfABodyIsListed() {
        TestingGateway.Response response = gateway.post("/v1/billing/admin/plans", ADMIN, """
                {"slug": 5, "name": true, "billingPeriod": "P30D", "prices": [{"network": "fiat", "asset": "USD", "amount": 100}]}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").values()).extracting(node -> node.getStringValue())
                .containsExactly("slug: expected a string, got a number", "name: expected a string, got true", "prices[0].amount: expected a string, got a number");
    }

    @Test
    void publicBodiesIgnoreFieldsOfNewerClients() {
        TestingGateway.Response response = gateway.post("/v1/billing/subscribe", USER, "{\"plan\": \"pro\", \"network\": \"fiat\", \"coupon\": \"later\"}",
                "Idempotency-Key", "newer-client");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    @Test
    void aDryRunGivenAsABooleanStillWorks() {
        TestingGateway.Response response = gateway.post("/internal/billing/charge", null, "{\"dryRun\": true, \"limit\": 5}",
                "X-Service-Token", TestingGateway.SERVICE_TOKEN);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("networks").get(0).get("dryRun").getBooleanValue()).isTrue();
    }

    private TestingGateway.Response send(Rejected rejected) {
        List<String> headers = rejected.path().startsWith("/internal/")
                ? List.of("X-Service-Token", TestingGateway.SERVICE_TOKEN, "Idempotency-Key", "strict-input")
                : List.of("Idempotency-Key", "strict-input");
        return switch (rejected.method()) {
            case "GET" -> rejected.path().startsWith("/internal/")
                    ? gateway.send(java.net.http.HttpRequest.newBuilder(gateway.url(rejected.path())).header("X-Service-Token", TestingGateway.SERVICE_TOKEN).GET().build())
                    : gateway.get(rejected.path(), rejected.token());
            case "PATCH" -> gateway.patch(rejected.path(), rejected.token(), rejected.body());
            default -> gateway.post(rejected.path(), rejected.token(), rejected.body(), headers.toArray(String[]::new));
        };
    }

    private static String plan(String slug, String name, String period) {
        return """
                {"slug": "%s", "name": %s, "billingPeriod": %s, "prices": [{"network": "fiat", "asset": "USD", "amount": "1999"}]}""".formatted(slug, name, period);
    }
}

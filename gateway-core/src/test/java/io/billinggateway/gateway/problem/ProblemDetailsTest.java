package io.billinggateway.gateway.problem;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.billinggateway.gateway.security.Roles;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What errors and health show: never SQL, a driver's message, a class name or a password; a server error carries a
 * correlation id that the log has next to the cause.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemDetailsTest {
    private static final String ADMIN = TestingGateway.token("admin", Roles.BILLING_ADMIN);
    private static final String PASSWORD_IN_URL = "pw-in-the-url-4711";

    private TestingDatabase database;
    private TestingGateway gateway;

    @BeforeAll
    void start() throws Exception {
        database = TestingDatabase.postgres();
        // The server trusts local connections, so a password in the URL is accepted and ignored: what matters is where it shows.
        gateway = TestingGateway.start(database, Files.createTempDirectory("problem-details"),
                Map.of("datasources.default.url", database.url() + "&password=" + PASSWORD_IN_URL));
    }

    @AfterAll
    void stop() {
        gateway.close();
        database.close();
    }

    @Test
    void aDatabaseFailureIsAServerErrorWithACorrelationIdAndWithoutItsSql() throws SQLException {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        execute("ALTER TABLE billing_plans RENAME TO billing_plans_away");
        try {
            TestingGateway.Response response = gateway.get("/v1/billing/admin/plans", ADMIN);

            assertThat(response.status()).isEqualTo(500);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.json().get("retryable").getBooleanValue()).isFalse();
            String correlationId = response.json().get("correlationId").getStringValue();
            assertThat(response.json().get("detail").getStringValue()).contains(correlationId);
            assertThat(response.body()).doesNotContainIgnoringCase("select").doesNotContain("billing_plans", "ERROR:", "java.", "Exception", "postgresql");
            assertThat(log.list).anySatisfy(event -> assertThat(event.getFormattedMessage()).contains(correlationId).contains("billing_plans"));
        }
        finally {
            execute("ALTER TABLE billing_plans_away RENAME TO billing_plans");
            root.detachAppender(log);
        }
    }

    @Test
    void healthShowsComponentStatusButNoDatabaseUrl() {
        for (String path : new String[] {"/health", "/health/readiness", "/health/liveness"}) {
            TestingGateway.Response response = gateway.get(path, null);

            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).doesNotContain(PASSWORD_IN_URL, "jdbc:", "password", "127.0.0.1:5432");
        }
        assertThat(gateway.get("/health", null).json().get("details").get("jdbc").get("status").getStringValue()).isEqualTo("UP");
    }

    @Test
    void aWebhookOverTheBodyLimitIsA413() {
        TestingGateway.Response response = gateway.post("/v1/billing/networks/fiat/webhook", null, "x".repeat(1_100_000));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("code").getStringValue()).isEqualTo("REQUEST_TOO_LARGE");
        assertThat(response.json().get("detail").getStringValue()).isEqualTo("body: 1100000 bytes is more than the limit of 1048576 bytes");
    }

    @Test
    void aUrlLongerThanTheGatewayAcceptsIsDescribedAsSuchNotAsABody() {
        TestingGateway.Response response = gateway.get("/v1/billing/admin/payments?network=" + "x".repeat(5_000), ADMIN);

        assertDetail(response, 413, "request line or headers: longer than the gateway accepts");
    }

    @Test
    void frameworkErrorsAreDescribedInWordsWithoutClassNames() {
        assertDetail(gateway.post("/v1/billing/admin/plans", ADMIN, "{\"slug\":"), 400, "body: malformed JSON at line 1, column 9");
        // plans are addressed by slug or id, so a payment (addressed by id only) shows the conversion error
        assertDetail(gateway.get("/v1/billing/admin/payments/not-a-uuid", ADMIN), 400, "id: expected a UUID, got 'not-a-uuid'");
        assertDetail(gateway.get("/v1/billing/nowhere", null), 404, "no resource at GET /v1/billing/nowhere");
        assertDetail(gateway.send(HttpRequest.newBuilder(gateway.url("/v1/billing/plans")).DELETE().build()), 405, "DELETE is not allowed on /v1/billing/plans");
        assertDetail(gateway.send(HttpRequest.newBuilder(gateway.url("/v1/billing/admin/plans")).header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")).build()), 415, "Content-Type: send the body as application/json");
    }

    private static void assertDetail(TestingGateway.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").getStringValue()).startsWith(detail).doesNotContain("java.", "io.micronaut", "Exception", "REDACTED");
        assertThat(response.json().get("detail").getStringValue()).isNotEqualTo(response.json().get("title").getStringValue());
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.connect()) {
            connection.createStatement().execute(sql);
        }
    }
}

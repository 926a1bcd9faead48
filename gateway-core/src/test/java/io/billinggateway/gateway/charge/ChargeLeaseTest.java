package io.billinggateway.gateway.charge;

import io.billinggateway.gateway.Application;
import io.billinggateway.gateway.testing.GatewayProcess;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, "risk": leases are compared with the database's clock, not each process's own, and no lease may be shorter
 * than the slowest charge call the network's provider declares.
 */
class ChargeLeaseTest {
    private static final String NETWORK = "alpha";
    private static final Duration PERIOD = Duration.ofDays(30);

    @TempDir
    Path home;

    private TestingDatabase database;
    private TestingLedgerPspBooks books;

    @BeforeEach
    void createDatabases() {
        database = TestingDatabase.postgres();
        books = TestingLedgerPspBooks.open(database);
    }

    @AfterEach
    void close() {
        books.close();
        database.close();
    }

    @Test
    void aLeaseNotLongerThanTheProvidersSlowestChargeCallStopsStartupWithOneLine() {
        Map<String, String> environment = new HashMap<>(books.networkEnvironment(NETWORK, Map.of("charge-lease", "1m", "longest-charge-call", "90s")));
        environment.put("BILLING_NETWORKS", NETWORK);
        environment.put("BILLING_DATABASE_URL", database.url());
        environment.put("BILLING_DATABASE_USER", database.user());
        environment.put("BILLING_DATABASE_PASSWORD", "");

        GatewayProcess gateway = GatewayProcess.start("short-lease", home, environment);
        int status = gateway.awaitExit(Duration.ofSeconds(90));
        String errors = gateway.errors();

        assertThat(status).as(errors).isEqualTo(Application.CONFIGURATION_ERROR_EXIT_CODE);
        assertThat(errors).contains("billing-gateway cannot start; fix the configuration (1 problem):\n  - network 'alpha': charge-lease PT1M is not longer "
                + "than the slowest charge call provider 'testing-psp' can make with this network's timeouts (PT1M30S), so another worker could ask for "
                + "the same periods while a call still runs; raise charge-lease above PT1M30S or lower the provider's timeouts");
        assertThat(errors).as("no stack trace").doesNotContain("\tat ");
    }

    @Test
    void aLeaseLongerThanTheProvidersSlowestChargeCallIsAccepted() {
        try (TestingGateway gateway = start(Map.of("charge-lease", "2m", "longest-charge-call", "90s"))) {
            assertThat(charge(gateway).get("processed").getIntValue()).isZero();
        }
    }

    /**
     * A process whose clock runs ten minutes ahead must not take a subscription another process holds under a live
     * lease: by its own clock the lease expired long ago, by the database's it has minutes left.
     */
    @Test
    void aProcessWhoseClockRunsAheadLeavesAnotherProcesssLiveLeaseAlone() {
        try (TestingGateway gateway = start(Map.of("charge-lease", "1m"), Map.of("billing.testing.clock-offset", "10m"))) {
            TestingLedgerPspBooks.Seeded due = books.seed(NETWORK, 1, "ok", Instant.now().minus(Duration.ofHours(1)), PERIOD).getFirst();
            database.update("UPDATE billing_subscription_state SET claimed_by = 'another-process#1', lease_expires_at = CURRENT_TIMESTAMP + INTERVAL '5 minutes' "
                    + "WHERE id = ?", due.id());

            JsonNode whileLeased = charge(gateway);

            assertThat(whileLeased.get("processed").getIntValue()).as("the other process's lease is live by the database's clock: " + whileLeased).isZero();
            assertThat(books.submissions(NETWORK)).isZero();

            database.update("UPDATE billing_subscription_state SET lease_expires_at = CURRENT_TIMESTAMP - INTERVAL '1 second' WHERE id = ?", due.id());
            JsonNode expired = charge(gateway);

            assertThat(expired.get("charged").getIntValue()).as(expired.toString()).isEqualTo(1);
        }
    }

    /** A lease this process writes runs for charge-lease by the database's clock, however far its own clock is off. */
    @Test
    void aLeaseIsWrittenByTheDatabasesClock() {
        try (TestingGateway gateway = start(Map.of("charge-lease", "1m"), Map.of("billing.testing.clock-offset", "-10m"))) {
            // Skipped(NOT_DUE) keeps the claim for one lease
            TestingLedgerPspBooks.Seeded due = books.seed(NETWORK, 1, "not-due", Instant.now().minus(Duration.ofHours(2)), PERIOD).getFirst();

            charge(gateway);

            assertThat(database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE id = ? AND lease_expires_at "
                    + "BETWEEN CURRENT_TIMESTAMP + INTERVAL '50 seconds' AND CURRENT_TIMESTAMP + INTERVAL '61 seconds'", due.id()))
                    .as("kept for one lease from the database's now, not from a clock ten minutes behind").isEqualTo(1);
        }
    }

    private TestingGateway start(Map<String, String> lane) {
        return start(lane, Map.of());
    }

    private TestingGateway start(Map<String, String> lane, Map<String, Object> more) {
        Map<String, String> settings = new HashMap<>(Map.of("charge-interval", "1h"));
        settings.putAll(lane);
        Map<String, Object> properties = new HashMap<>(books.networkProperties(NETWORK, settings));
        properties.put("billing.enabled-networks", NETWORK);
        properties.putAll(more);
        return TestingGateway.start(database, home, properties);
    }

    private static JsonNode charge(TestingGateway gateway) {
        TestingGateway.Response response = gateway.post("/internal/billing/charge", null, "{\"network\": \"alpha\"}", "X-Service-Token", TestingGateway.SERVICE_TOKEN);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}

package io.billinggateway.gateway.charge;

import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A black-holed network holds only its own lane: while every call to gamma's PSP hangs, alpha and beta are charged
 * in full, the internal API still charges them, and gamma's queue shows in the metrics; once gamma answers again
 * its lane catches up, each subscription charged exactly once. (Rates with and without a hung network: bench/charge.)
 */
class ChargeLaneIsolationTest {
    private static final List<String> HEALTHY = List.of("alpha", "beta");
    private static final String HUNG = "gamma";
    private static final int PER_NETWORK = 600;
    private static final int BATCH = 50;
    private static final Duration PERIOD = Duration.ofDays(30);

    @TempDir
    Path home;

    @Test
    void aHungNetworkDelaysOnlyItself() {
        try (TestingDatabase database = TestingDatabase.postgres();
             TestingLedgerPspBooks books = TestingLedgerPspBooks.open(database)) {
            Map<String, Object> properties = new HashMap<>();
            for (String network : List.of("alpha", "beta", HUNG)) {
                properties.putAll(books.networkProperties(network, Map.of("charge-interval", "100ms", "charge-batch-size", Integer.toString(BATCH), "charge-lease", "5m")));
            }
            properties.put("billing.enabled-networks", "alpha,beta," + HUNG);
            try (TestingGateway gateway = TestingGateway.start(database, home, properties)) {
                books.hang(HUNG, true);
                Instant due = Instant.now().minus(Duration.ofHours(1));
                books.seed(HUNG, PER_NETWORK, "ok", due, PERIOD);
                Eventually.await("gamma's lane to hang in its first call", Duration.ofSeconds(20),
                        () -> database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE network = ? AND claimed_by IS NOT NULL", HUNG), claimed -> claimed == BATCH);
                HEALTHY.forEach(network -> books.seed(network, PER_NETWORK, "ok", due, PERIOD));
                long started = System.nanoTime();

                Eventually.await("alpha and beta to be charged while gamma hangs", Duration.ofSeconds(60),
                        () -> HEALTHY.stream().mapToLong(network -> books.advancedOnePeriod(network, due, PERIOD)).sum(), charged -> charged == 2L * PER_NETWORK);
                System.out.printf("with gamma hung, alpha and beta charged %d subscriptions in %d ms%n", 2 * PER_NETWORK,
                        Duration.ofNanos(System.nanoTime() - started).toMillis());

                HEALTHY.forEach(network -> books.assertChargedExactlyOnce(network, PER_NETWORK, due, PERIOD));
                assertThat(books.charges(HUNG)).isZero();
                assertThat(database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE network = ? AND claimed_by IS NOT NULL", HUNG))
                        .as("gamma's lane still holds its one batch").isEqualTo(BATCH);

                books.seed("alpha", 10, "ok", Instant.now().minusSeconds(1), PERIOD);
                TestingGateway.Response manual = gateway.post("/internal/billing/charge", null, "{\"network\": \"alpha\"}", "X-Service-Token", TestingGateway.SERVICE_TOKEN);
                assertThat(manual.status()).as(manual.body()).isEqualTo(200);
                TestingGateway.Response dryRun = gateway.post("/internal/billing/charge", null, "{\"network\": \"gamma\", \"dryRun\": true}",
                        "X-Service-Token", TestingGateway.SERVICE_TOKEN);
                assertThat(dryRun.json().get("processed").getIntValue()).as("gamma's due subscriptions outside the hung batch").isEqualTo(PER_NETWORK - BATCH);
                String metrics = gateway.get("/prometheus", null).body();
                assertThat(metrics).contains("billing_charge_queue_depth{network=\"gamma\"} " + (PER_NETWORK - BATCH) + ".0");
                assertThat(metrics).containsPattern("billing_charge_oldest_due_seconds\\{network=\"gamma\"} 36\\d\\d\\.0");

                books.hang(HUNG, false);
                Eventually.await("gamma to catch up", Duration.ofSeconds(60), () -> books.advancedOnePeriod(HUNG, due, PERIOD), charged -> charged == PER_NETWORK);
                books.assertChargedExactlyOnce(HUNG, PER_NETWORK, due, PERIOD);
                assertThat(books.resubmissions(HUNG)).isZero();
            }
        }
    }
}

package io.billinggateway.gateway.charge;

import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.GatewayProcess;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of a {@code gateway billing-charge} process in the middle of its batches, three times over, with a
 * PSP slow enough that kills land before, during and after the PSP books a batch: nothing is lost (the next process
 * charges everything once the leases expire) and nothing is doubled (one money movement per period, one renewal).
 */
class ChargeCrashTest {
    private static final String NETWORK = "alpha";
    private static final int SUBSCRIPTIONS = 400;
    private static final int BATCH = 20;
    private static final int KILLS = 3;
    private static final Duration PERIOD = Duration.ofDays(30);

    @TempDir
    Path home;

    @Test
    void killedWorkersLoseNothingAndChargeNothingTwice() throws Exception {
        try (TestingDatabase database = TestingDatabase.postgres();
             TestingLedgerPspBooks books = TestingLedgerPspBooks.open(database)) {
            Map<String, String> lane = Map.of("charge-interval", "100ms", "charge-batch-size", Integer.toString(BATCH), "charge-lease", "3s");
            Map<String, Object> properties = new HashMap<>(books.networkProperties(NETWORK, lane));
            properties.put("billing.enabled-networks", NETWORK);
            properties.put("billing.charge.enabled", false);
            // Migrates the schema and stays as an observer; it charges nothing itself.
            try (TestingGateway observer = TestingGateway.start(database, home.resolve("observer"), properties)) {
                Instant due = Instant.now().minus(Duration.ofHours(1));
                books.seed(NETWORK, SUBSCRIPTIONS, "ok", due, PERIOD);
                books.delay(NETWORK, 600);
                Map<String, String> environment = new HashMap<>(books.networkEnvironment(NETWORK, lane));
                environment.put("BILLING_NETWORKS", NETWORK);
                environment.put("BILLING_DATABASE_URL", database.url());
                environment.put("BILLING_DATABASE_USER", database.user());
                environment.put("BILLING_DATABASE_PASSWORD", "");

                // Killed right after the PSP booked a batch (money moved, the gateway has not recorded it: the PSP answers
                // 300 ms later), or 450 ms after (the next call is on its way, nothing of it booked yet).
                long[] killDelaysAfterBookingMillis = {0, 450, 0};
                for (int kill = 0; kill < KILLS; kill++) {
                    long submittedBefore = books.submissions(NETWORK);
                    GatewayProcess worker = start(environment, "worker-" + kill);
                    long working = Eventually.await("worker " + kill + " to charge a few batches", Duration.ofSeconds(60),
                            () -> books.submissions(NETWORK), submitted -> submitted >= submittedBefore + 3 * BATCH || !worker.isAlive());
                    assertThat(worker.isAlive()).as("worker %d is running; its output: %s", kill, worker.output()).isTrue();
                    Eventually.await("worker " + kill + " to book one more batch", Duration.ofSeconds(10), () -> books.submissions(NETWORK), submitted -> submitted > working);
                    Thread.sleep(killDelaysAfterBookingMillis[kill]);
                    assertThat(worker.kill()).as("killed by SIGKILL").isEqualTo(137);
                }
                assertThat(books.advancedOnePeriod(NETWORK, due, PERIOD)).as("the kills left work undone").isLessThan(SUBSCRIPTIONS);

                try (GatewayProcess last = start(environment, "worker-last")) {
                    Eventually.await("the last worker to charge everything", Duration.ofSeconds(90),
                            () -> books.advancedOnePeriod(NETWORK, due, PERIOD), charged -> charged == SUBSCRIPTIONS || !last.isAlive());
                }
                System.out.printf("after %d kills: %d items resubmitted to the PSP, %d money movements for %d subscriptions%n",
                        KILLS, books.resubmissions(NETWORK), books.charges(NETWORK), SUBSCRIPTIONS);
                books.assertChargedExactlyOnce(NETWORK, SUBSCRIPTIONS, due, PERIOD);
                assertThat(books.resubmissions(NETWORK)).as("only batches in flight at a kill are handed to the PSP again, and some were")
                        .isBetween((long) BATCH, (long) KILLS * BATCH);
                assertThat(observer.context().getBean(ChargeLanes.class).running()).isEmpty();
            }
        }
    }

    private GatewayProcess start(Map<String, String> environment, String name) {
        return GatewayProcess.start(name, home.resolve(name), environment, ChargeCommand.NAME, "--network", NETWORK);
    }
}

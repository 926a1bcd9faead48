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
 * Two gateways on one PostgreSQL, each running the lanes of three networks every 100 ms, share 5,000 due
 * subscriptions: every subscription is charged exactly once for its period, and no item is ever handed to the PSP twice.
 */
class ChargeTwoGatewaysTest {
    private static final List<String> NETWORKS = List.of("alpha", "beta", "gamma");
    private static final int SUBSCRIPTIONS = 5_000;
    private static final Duration PERIOD = Duration.ofDays(30);

    @TempDir
    Path home;

    @Test
    void twoGatewaysChargeEverySubscriptionExactlyOncePerPeriod() {
        try (TestingDatabase database = TestingDatabase.postgres();
             TestingLedgerPspBooks books = TestingLedgerPspBooks.open(database)) {
            Map<String, Object> properties = new HashMap<>();
            for (String network : NETWORKS) {
                properties.putAll(books.networkProperties(network, Map.of("charge-interval", "100ms", "charge-batch-size", "50", "charge-lease", "1m")));
            }
            properties.put("billing.enabled-networks", String.join(",", NETWORKS));
            try (TestingGateway first = TestingGateway.start(database, home.resolve("first"), properties);
                 TestingGateway second = TestingGateway.start(database, home.resolve("second"), properties)) {
                Instant due = Instant.now().minus(Duration.ofHours(1));
                Map<String, Integer> seeded = new HashMap<>();
                for (int index = 0; index < NETWORKS.size(); index++) {
                    String network = NETWORKS.get(index);
                    int count = SUBSCRIPTIONS / NETWORKS.size() + (index < SUBSCRIPTIONS % NETWORKS.size() ? 1 : 0);
                    books.seed(network, count, "ok", due, PERIOD);
                    seeded.put(network, count);
                }
                long started = System.nanoTime();

                Eventually.await("every subscription to be charged", Duration.ofSeconds(150),
                        () -> NETWORKS.stream().mapToLong(network -> books.advancedOnePeriod(network, due, PERIOD)).sum(), charged -> charged == SUBSCRIPTIONS);
                System.out.printf("two gateways charged %d subscriptions over %d networks in %d ms%n", SUBSCRIPTIONS, NETWORKS.size(),
                        Duration.ofNanos(System.nanoTime() - started).toMillis());

                for (String network : NETWORKS) {
                    books.assertChargedExactlyOnce(network, seeded.get(network), due, PERIOD);
                    assertThat(books.resubmissions(network)).as("items handed to the PSP twice on %s", network).isZero();
                    assertThat(books.submissions(network)).isEqualTo(seeded.get(network).longValue());
                }
                assertThat(database.count("SELECT COUNT(*) FROM billing_charge_attempt")).as("one attempt per subscription").isEqualTo(SUBSCRIPTIONS);
                assertThat(database.count("SELECT COUNT(DISTINCT worker_id) FROM billing_charge_attempt")).as("both gateways took part").isEqualTo(2);
                assertThat(first.context().getBean(ChargeLanes.class).running()).containsExactlyElementsOf(NETWORKS);
                assertThat(second.context().getBean(ChargeLanes.class).running()).containsExactlyElementsOf(NETWORKS);
            }
        }
    }
}

package io.billinggateway.gateway.charge;

import io.billinggateway.gateway.testing.Eventually;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static java.time.temporal.ChronoUnit.MICROS;
import static java.time.temporal.ChronoUnit.MILLIS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The charge worker of one gateway against the testing PSP on PostgreSQL, driven through
 * {@code POST /internal/billing/charge}: every outcome and skip reason moves the subscription as documented,
 * retries back off until the budget ends in the provider's final-failure path, a failed provider call spends no
 * budget, a worker whose lease expired changes nothing it no longer holds, and the dues, dry runs and metrics show it.
 */
class ChargeWorkerTest {
    private static final String NETWORK = "alpha";
    private static final Duration PERIOD = Duration.ofDays(30);
    private static final Duration RETRY_BASE = Duration.ofMillis(400);

    @TempDir
    Path home;

    private TestingDatabase database;
    private TestingLedgerPspBooks books;
    private TestingGateway gateway;

    @BeforeEach
    void createDatabases() {
        database = TestingDatabase.postgres();
        books = TestingLedgerPspBooks.open(database);
    }

    /** Starts the gateway with lanes that never run by themselves: rounds are started through the internal API. */
    private void startGateway(Map<String, String> laneSettings) {
        Map<String, String> lane = new HashMap<>(Map.of("charge-interval", "1h", "charge-lease", "1m", "charge-max-retries", "2", "charge-retry-base", "1h"));
        lane.putAll(laneSettings);
        Map<String, Object> properties = new HashMap<>(books.networkProperties(NETWORK, lane));
        properties.put("billing.enabled-networks", NETWORK);
        gateway = TestingGateway.start(database, home, properties);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        books.close();
        database.close();
    }

    @Test
    void everyOutcomeMovesTheSubscriptionAsDocumented() {
        startGateway(Map.of());
        Instant due = Instant.now().minusSeconds(60).truncatedTo(MILLIS);
        var charged = books.seed(NETWORK, 3, "ok", due, PERIOD);
        var poor = books.seed(NETWORK, 2, "insufficient-funds", due, PERIOD);
        var declined = books.seed(NETWORK, 1, "declined", due, PERIOD).getFirst();
        var noBalance = books.seed(NETWORK, 1, "insufficient-balance", due, PERIOD).getFirst();
        var noPlan = books.seed(NETWORK, 1, "no-plan", due, PERIOD).getFirst();
        var notDue = books.seed(NETWORK, 1, "not-due", due, PERIOD).getFirst();
        var frozen = books.seed(NETWORK, 1, "plan-inactive", due, PERIOD).getFirst();
        var pending = books.seed(NETWORK, 1, "pending", due, PERIOD).getFirst();
        var cancelled = books.seed(NETWORK, 1, "ok", "cancelled", due, PERIOD).getFirst();
        var later = books.seed(NETWORK, 1, "ok", Instant.now().plus(Duration.ofDays(1)), PERIOD).getFirst();

        JsonNode run = charge("{\"network\": \"alpha\"}");

        assertThat(run.get("processed").getIntValue()).isEqualTo(12);
        assertThat(run.get("charged").getIntValue()).isEqualTo(3);
        assertThat(run.get("skipped").getIntValue()).isEqualTo(5);
        assertThat(run.get("failed").getIntValue()).isEqualTo(3);
        assertThat(run.get("pending").getIntValue()).isEqualTo(1);
        assertThat(run.get("errors").size()).isEqualTo(3);
        assertThat(run.get("errors").get(0).getStringValue()).containsAnyOf("INSUFFICIENT_FUNDS", "PAYMENT_DECLINED");

        for (var subscription : charged) {
            Map<String, Object> row = books.subscription(subscription.id());
            assertThat(row.get("status")).isEqualTo("active");
            assertThat(row.get("next_charge_at")).isEqualTo(due.plus(PERIOD).truncatedTo(MICROS));
            assertThat(row.get("current_period_start")).isEqualTo(due.truncatedTo(MICROS));
            assertThat(row.get("claimed_by")).isNull();
            assertThat(database.count("SELECT COUNT(*) FROM payment_transactions WHERE subscription_id = ? AND product_type = 'subscription_renewal' AND status = 'confirmed'",
                    subscription.id())).isEqualTo(1);
            assertThat(database.count("SELECT COUNT(*) FROM billing_charge_attempt WHERE subscription_id = ? AND outcome = 'charged' AND tx_hash LIKE 'tx_alpha_%'",
                    subscription.id())).isEqualTo(1);
        }
        assertThat(books.charges(NETWORK)).isEqualTo(3);
        assertThat(database.count("SELECT COUNT(*) FROM billing_outbox WHERE event_type = 'billing.subscription.charged.v1'")).isEqualTo(3);

        for (var subscription : poor) {
            assertRetryScheduled(subscription.id(), 1, "INSUFFICIENT_FUNDS", Duration.ofHours(1));
        }
        assertRetryScheduled(noBalance.id(), 1, "INSUFFICIENT_FUNDS", Duration.ofHours(1));

        assertThat(books.subscription(declined.id())).containsEntry("status", "failed").containsEntry("claimed_by", null);
        assertThat((String) books.subscription(declined.id()).get("last_error")).contains("after 1 attempt: PAYMENT_DECLINED");
        assertThat(books.cancels(declined.ref(), "RETRIES_EXHAUSTED")).isEqualTo(1);
        assertThat(outboxEvents("billing.subscription.failed.v1", declined.id().toString())).isEqualTo(1);

        assertThat(books.subscription(noPlan.id())).containsEntry("status", "failed").containsEntry("claimed_by", null);
        assertThat(books.cancels(noPlan.ref(), "RETRIES_EXHAUSTED")).as("a network without the plan has nothing to end").isZero();
        assertThat(outboxEvents("billing.subscription.failed.v1", noPlan.id().toString())).isEqualTo(1);

        assertThat(books.subscription(cancelled.id())).containsEntry("status", "cancelled");
        assertThat(outboxEvents("billing.subscription.cancelled.v1", cancelled.id().toString())).isEqualTo(1);

        for (var kept : List.of(notDue, frozen, pending)) {
            Map<String, Object> row = books.subscription(kept.id());
            assertThat(row.get("status")).as("left for the network to decide").isEqualTo("active");
            assertThat(row.get("claimed_by")).as("claim kept for a lease").isNotNull();
            assertThat((Instant) row.get("lease_expires_at")).isAfter(Instant.now().plusSeconds(30));
            assertThat(row.get("next_charge_at")).isEqualTo(due.truncatedTo(MICROS));
        }
        assertThat((String) books.subscription(notDue.id()).get("last_error")).contains("NOT_DUE");
        assertThat((String) books.subscription(frozen.id()).get("last_error")).contains("PLAN_INACTIVE");
        assertThat(database.count("SELECT COUNT(*) FROM billing_charge_attempt WHERE subscription_id = ? AND outcome = 'pending' AND tx_hash = ?",
                pending.id(), "pending_" + pending.ref())).isEqualTo(1);
        assertThat(books.subscription(later.id())).containsEntry("status", "active").containsEntry("claimed_by", null);
        assertThat(books.submissions(NETWORK)).as("nothing handed to the PSP twice, nothing not due").isEqualTo(12);

        JsonNode again = charge("{\"network\": \"alpha\"}");
        assertThat(again.get("processed").getIntValue()).as("everything is charged, waiting, ended or leased").isZero();
        assertThat(books.submissions(NETWORK)).isEqualTo(12);
    }

    @Test
    void retriesBackOffUntilTheBudgetEndsInTheProvidersFinalFailurePath() {
        startGateway(Map.of("charge-retry-base", RETRY_BASE.toMillis() + "ms"));
        var subscription = books.seed(NETWORK, 1, "insufficient-funds", Instant.now().minusSeconds(60), PERIOD).getFirst();

        for (int failures = 1; failures <= 2; failures++) {
            JsonNode run = charge("{\"network\": \"alpha\"}");
            assertThat(run.get("failed").getIntValue()).isEqualTo(1);
            assertRetryScheduled(subscription.id(), failures, "INSUFFICIENT_FUNDS", RETRY_BASE);
            assertThat(charge("{\"network\": \"alpha\"}").get("processed").getIntValue()).as("not due before retry_at").isZero();
            Instant retryAt = (Instant) books.subscription(subscription.id()).get("retry_at");
            Eventually.await("retry_at to pass", Duration.ofSeconds(10), Instant::now, now -> now.isAfter(retryAt));
        }
        JsonNode last = charge("{\"network\": \"alpha\"}");

        assertThat(last.get("failed").getIntValue()).isEqualTo(1);
        Map<String, Object> row = books.subscription(subscription.id());
        assertThat(row.get("status")).isEqualTo("failed");
        assertThat(row.get("claimed_by")).as("the final-failure call was made").isNull();
        assertThat((String) row.get("last_error")).contains("after 3 attempts: INSUFFICIENT_FUNDS");
        assertThat(books.cancels(subscription.ref(), "RETRIES_EXHAUSTED")).isEqualTo(1);
        assertThat(outboxEvents("billing.subscription.failed.v1", subscription.id().toString())).isEqualTo(1);
        assertThat(database.count("SELECT COUNT(*) FROM billing_charge_attempt WHERE subscription_id = ? AND outcome = 'failed' AND outcome_code = 'INSUFFICIENT_FUNDS'",
                subscription.id())).isEqualTo(3);
        assertThat(books.submissions(NETWORK)).isEqualTo(3);
        assertThat(books.charges(NETWORK)).isZero();
    }

    @Test
    void aFailedProviderCallSpendsNoRetryBudgetAndIsRetriedAfterTheLease() {
        startGateway(Map.of());
        var subscriptions = books.seed(NETWORK, 5, "ok", Instant.now().minusSeconds(60), PERIOD);
        books.failCalls(NETWORK, "NETWORK_UNAVAILABLE");

        JsonNode run = charge("{\"network\": \"alpha\"}");

        assertThat(run.get("processed").getIntValue()).isEqualTo(5);
        assertThat(run.get("failed").getIntValue()).isEqualTo(5);
        assertThat(run.get("errors").get(0).getStringValue()).contains("NETWORK_UNAVAILABLE");
        for (var subscription : subscriptions) {
            Map<String, Object> row = books.subscription(subscription.id());
            assertThat(row.get("status")).isEqualTo("active");
            assertThat(row.get("failure_count")).isEqualTo(0);
            assertThat(row.get("claimed_by")).as("held back until the lease expires").isNotNull();
        }
        assertThat(database.count("SELECT COUNT(*) FROM billing_charge_attempt WHERE outcome = 'failed' AND outcome_code = 'NETWORK_UNAVAILABLE'")).isEqualTo(5);
        assertThat(charge("{\"network\": \"alpha\"}").get("processed").getIntValue()).isZero();

        books.failCalls(NETWORK, null);
        books.update("UPDATE billing_subscription_state SET lease_expires_at = ?", Instant.now().minusSeconds(1));
        JsonNode retried = charge("{\"network\": \"alpha\"}");

        assertThat(retried.get("charged").getIntValue()).isEqualTo(5);
        assertThat(books.charges(NETWORK)).isEqualTo(5);
        assertThat(books.subscription(subscriptions.getFirst().id())).containsEntry("claimed_by", null);
    }

    @Test
    void aWorkerWhoseLeaseExpiredChangesNothingItNoLongerHolds() throws Exception {
        // Two rounds of one gateway overlap on the same subscriptions: the first is slow, its 1 s lease expires, the
        // second claims the same periods. The PSP sees both submissions and moves money once; the gateway records once.
        startGateway(Map.of("charge-lease", "1s", "charge-max-retries", "5"));
        var paying = books.seed(NETWORK, 2, "ok", Instant.now().minusSeconds(60), PERIOD);
        var poor = books.seed(NETWORK, 2, "insufficient-funds", Instant.now().minusSeconds(60), PERIOD);
        books.delay(NETWORK, 3000);

        CompletableFuture<JsonNode> slow = CompletableFuture.supplyAsync(() -> charge("{\"network\": \"alpha\"}"));
        Eventually.await("the first round to submit", Duration.ofSeconds(10), () -> books.submissions(NETWORK), submitted -> submitted == 4);
        Eventually.await("its lease to expire", Duration.ofSeconds(10), this::leasesExpired, expired -> expired);
        JsonNode second = charge("{\"network\": \"alpha\"}");
        JsonNode first = slow.get();

        assertThat(first.get("processed").getIntValue()).isEqualTo(4);
        assertThat(second.get("processed").getIntValue()).isEqualTo(4);
        assertThat(books.resubmissions(NETWORK)).as("the double submission is visible at the PSP").isEqualTo(4);
        assertThat(books.charges(NETWORK)).as("money moved once per period").isEqualTo(2);
        for (var subscription : paying) {
            assertThat(books.subscription(subscription.id()).get("next_charge_at")).as("advanced one period").isEqualTo(
                    subscription.dueAt().plus(PERIOD).truncatedTo(MICROS));
            assertThat(database.count("SELECT COUNT(*) FROM payment_transactions WHERE subscription_id = ? AND product_type = 'subscription_renewal'",
                    subscription.id())).isEqualTo(1);
        }
        for (var subscription : poor) {
            assertThat(books.subscription(subscription.id()).get("failure_count")).as("one failure counted, not one per worker").isEqualTo(1);
            assertThat(database.count("SELECT COUNT(*) FROM billing_charge_attempt WHERE subscription_id = ?", subscription.id())).isEqualTo(2);
        }
        assertThat(database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE claimed_by IS NOT NULL")).isZero();
    }

    @Test
    void duesDryRunsAccessAndMetrics() {
        startGateway(Map.of());
        var due = books.seed(NETWORK, 4, "ok", Instant.now().minusSeconds(120), PERIOD);
        books.seed(NETWORK, 2, "ok", Instant.now().plus(Duration.ofDays(3)), PERIOD);

        assertThat(gateway.get("/internal/billing/dues", null).status()).isEqualTo(401);
        assertThat(gateway.post("/internal/billing/charge", null, "{}").status()).isEqualTo(401);
        assertThat(gateway.post("/internal/billing/charge", null, "{}", "X-Service-Token", "wrong-token-wrong-token-wrong-token").status()).isEqualTo(401);
        assertThat(gateway.post("/internal/billing/charge", TestingGateway.token("admin", "billing_admin"), "{}").status())
                .as("a user token never acts as the service").isIn(401, 403);

        TestingGateway.Response dues = gateway.send(java.net.http.HttpRequest.newBuilder(gateway.url("/internal/billing/dues?network=alpha"))
                .header("X-Service-Token", TestingGateway.SERVICE_TOKEN).GET().build());
        assertThat(dues.status()).as(dues.body()).isEqualTo(200);
        assertThat(dues.json().size()).isEqualTo(4);
        assertThat(dues.json().get(0).get("network").getStringValue()).isEqualTo(NETWORK);
        assertThat(dues.json().get(0).get("amount").getStringValue()).isEqualTo("1999");
        assertThat(dues.json().get(0).get("status").getStringValue()).isEqualTo("active");
        assertThat(due.stream().map(subscription -> subscription.id().toString()))
                .contains(dues.json().get(0).get("subscriptionId").getStringValue());

        JsonNode dryRun = charge("{\"dryRun\": true}");
        assertThat(dryRun.get("processed").getIntValue()).isEqualTo(4);
        assertThat(dryRun.get("charged").getIntValue()).isZero();
        assertThat(dryRun.get("networks").get(0).get("dryRun").getBooleanValue()).isTrue();
        assertThat(books.submissions(NETWORK)).as("a dry run sends nothing").isZero();
        assertThat(scrape()).contains("billing_charge_queue_depth{network=\"alpha\"} 4.0");

        JsonNode run = charge("{}");
        assertThat(run.get("charged").getIntValue()).isEqualTo(4);
        assertThat(run.get("networks").get(0).get("network").getStringValue()).isEqualTo(NETWORK);

        String metrics = scrape();
        assertThat(metrics)
                .contains("billing_charge_success_total{network=\"alpha\"} 4.0")
                .contains("billing_charge_latency_seconds_count{network=\"alpha\"} 1")
                .contains("billing_charge_queue_depth{network=\"alpha\"} 0.0")
                .contains("billing_charge_oldest_due_seconds{network=\"alpha\"} 0.0");

        books.seed(NETWORK, 1, "declined", Instant.now().minusSeconds(30), PERIOD);
        books.seed(NETWORK, 1, "not-due", Instant.now().minusSeconds(30), PERIOD);
        charge("{}");
        assertThat(scrape())
                .contains("billing_charge_failed_total{code=\"PAYMENT_DECLINED\",network=\"alpha\"} 1.0")
                .contains("billing_charge_skipped_total{network=\"alpha\",reason=\"NOT_DUE\"} 1.0");
    }

    private boolean leasesExpired() {
        return database.count("SELECT COUNT(*) FROM billing_subscription_state WHERE lease_expires_at > ?", java.time.OffsetDateTime.now()) == 0;
    }

    private void assertRetryScheduled(java.util.UUID id, int failures, String code, Duration retryBase) {
        Map<String, Object> row = books.subscription(id);
        assertThat(row.get("status")).isEqualTo("past_due");
        assertThat(row.get("failure_count")).isEqualTo(failures);
        assertThat((String) row.get("last_error")).startsWith(code);
        assertThat(row.get("claimed_by")).isNull();
        Instant attemptedAt = (Instant) books.query("SELECT MAX(created_at) AS at FROM billing_charge_attempt WHERE subscription_id = ?", id).getFirst().get("at");
        Duration delay = Duration.between(attemptedAt, (Instant) row.get("retry_at"));
        Duration expected = retryBase.multipliedBy(1L << (failures - 1));
        assertThat(delay).as("exponential backoff with up to 20%% jitter after %d failures", failures)
                .isBetween(expected.minusMillis(5), expected.plus(expected.dividedBy(5)).plusMillis(5));
    }

    private long outboxEvents(String type, String aggregateId) {
        return database.count("SELECT COUNT(*) FROM billing_outbox WHERE event_type = ? AND aggregate_id = ?", type, aggregateId);
    }

    private JsonNode charge(String body) {
        TestingGateway.Response response = gateway.post("/internal/billing/charge", null, body, "X-Service-Token", TestingGateway.SERVICE_TOKEN);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private String scrape() {
        TestingGateway.Response response = gateway.get("/prometheus", null);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }
}

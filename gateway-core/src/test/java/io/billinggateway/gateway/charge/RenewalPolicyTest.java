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
import java.util.Map;

import static java.time.temporal.ChronoUnit.MICROS;
import static java.time.temporal.ChronoUnit.MILLIS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's renewal policy on the testing PSP: a renewal several periods late is charged once, and the subscription's
 * next charge is the provider's own next charge time (a chain restarts a late renewal from its block time), or, for a
 * provider that reports none, the policy's: one period after the charge. Before, the worker stored the missed
 * period's start plus one period, so the subscription stayed due and was charged once per round until it caught up.
 */
class RenewalPolicyTest {
    private static final String NETWORK = "alpha";
    private static final Duration PERIOD = Duration.ofDays(30);
    private static final Duration OVERDUE = Duration.ofDays(95);
    private static final Duration CANCEL_REQUEST_EXPIRY = Duration.ofSeconds(2);

    @TempDir
    Path home;

    private TestingDatabase database;
    private TestingLedgerPspBooks books;
    private TestingGateway gateway;

    @BeforeEach
    void start() {
        database = TestingDatabase.postgres();
        books = TestingLedgerPspBooks.open(database);
        Map<String, Object> properties = new HashMap<>(books.networkProperties(NETWORK, Map.of("charge-interval", "1h", "charge-lease", "1m",
                "charge-cancel-request-expiry", CANCEL_REQUEST_EXPIRY.toMillis() + "ms")));
        properties.put("billing.enabled-networks", NETWORK);
        gateway = TestingGateway.start(database, home, properties);
    }

    @AfterEach
    void stop() {
        gateway.close();
        books.close();
        database.close();
    }

    @Test
    void aLateRenewalIsChargedOnceAndTheProvidersNextChargeIsStored() {
        var late = books.seed(NETWORK, 1, "scheduled", Instant.now().minus(OVERDUE), PERIOD).getFirst();

        JsonNode first = charge();
        JsonNode second = charge();

        assertThat(first.get("charged").getIntValue()).as(first.toString()).isEqualTo(1);
        assertThat(second.get("processed").getIntValue()).as("nothing is due after one charge: " + second).isZero();
        assertThat(books.charges(NETWORK)).as("money movements at the PSP").isEqualTo(1);
        Instant reported = books.reportedNextCharges(late.ref()).getFirst();
        assertThat(books.subscription(late.id()).get("next_charge_at"))
                .as("the provider's next charge time, not the gateway's guess (%s)", late.dueAt().plus(PERIOD))
                .isEqualTo(reported.truncatedTo(MICROS));
        assertThat(reported).isAfter(Instant.now().plus(PERIOD));
    }

    @Test
    void aProviderWithoutScheduleGetsThePolicyOneChargeThenOnePeriodAfterIt() {
        var late = books.seed(NETWORK, 1, "ok", Instant.now().minus(OVERDUE), PERIOD).getFirst();
        Instant before = Instant.now().truncatedTo(MILLIS);

        JsonNode first = charge();
        JsonNode second = charge();

        Instant after = Instant.now();
        assertThat(first.get("charged").getIntValue()).as(first.toString()).isEqualTo(1);
        assertThat(second.get("processed").getIntValue()).as("95 days overdue on a 30-day plan is one renewal, not four: " + second).isZero();
        assertThat(books.charges(NETWORK)).isEqualTo(1);
        assertThat((Instant) books.subscription(late.id()).get("next_charge_at"))
                .as("restarted from the charge")
                .isBetween(before.plus(PERIOD), after.plus(PERIOD));
        assertThat(books.subscription(late.id()).get("current_period_start")).isEqualTo(late.dueAt().truncatedTo(MICROS));
    }

    @Test
    void aRenewalWithinItsPeriodKeepsItsDayOfTheSchedule() {
        var onTime = books.seed(NETWORK, 1, "ok", Instant.now().minusSeconds(60), PERIOD).getFirst();

        charge();

        assertThat(books.subscription(onTime.id()).get("next_charge_at")).isEqualTo(onTime.dueAt().plus(PERIOD).truncatedTo(MICROS));
    }

    /**
     * An unsubscribe that needs the subscriber's signature (EVM: ActionRequired with an unsubscribe transaction) holds the
     * renewals only until {@code charge-cancel-request-expiry}; never signed, the subscription is renewed again. Before,
     * the unconfirmed request removed it from the due queue forever: active, and never billed again.
     */
    @Test
    void anUnsubscribeNeverSignedExpiresAndRenewalsContinue() {
        var subscription = books.seed(NETWORK, 1, "wallet", Instant.now().plus(Duration.ofMillis(500)), PERIOD).getFirst();
        TestingGateway.Response unsubscribed = gateway.post("/v1/billing/unsubscribe", TestingGateway.token("user-" + subscription.id()), """
                {"subscriptionId": "%s"}""".formatted(subscription.id()));
        assertThat(unsubscribed.status()).as(unsubscribed.body()).isEqualTo(200);
        assertThat(unsubscribed.json().get("payload")).as("the subscriber must sign: " + unsubscribed.body()).isNotNull();
        Instant requestedAt = (Instant) books.subscription(subscription.id()).get("cancel_requested_at");
        assertThat(requestedAt).isNotNull();

        Eventually.await("the renewal to come due", Duration.ofSeconds(5), () -> Instant.now().isAfter(subscription.dueAt()), due -> due);
        JsonNode whileRequested = charge();
        assertThat(whileRequested.get("processed").getIntValue()).as("a fresh cancellation request holds the renewal: " + whileRequested).isZero();

        Eventually.await("the cancellation request to expire", Duration.ofSeconds(10),
                () -> Instant.now().isAfter(requestedAt.plus(CANCEL_REQUEST_EXPIRY)), expired -> expired);
        JsonNode afterExpiry = charge();
        assertThat(afterExpiry.get("charged").getIntValue()).as("never signed, the subscription is renewed again: " + afterExpiry).isEqualTo(1);
        assertThat(books.subscription(subscription.id())).containsEntry("status", "active");
        assertThat(books.cancels(subscription.ref(), "SUBSCRIBER")).as("the provider never cancelled").isZero();
    }

    private JsonNode charge() {
        TestingGateway.Response response = gateway.post("/internal/billing/charge", null, "{\"network\": \"alpha\"}", "X-Service-Token", TestingGateway.SERVICE_TOKEN);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}

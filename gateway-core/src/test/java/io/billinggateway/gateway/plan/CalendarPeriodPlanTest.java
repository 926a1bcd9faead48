package io.billinggateway.gateway.plan;

import io.billinggateway.gateway.charge.TestingLedgerPspBooks;
import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.MockFiatSubscriber;
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
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, point 5: plans billed in calendar months ({@code P1M}, {@code P3M}, {@code P6M}, {@code P1Y}) are sold on
 * networks that keep the day of the month (the mock PSP), refused with a problem naming the network on those that bill
 * every N days, and renewed end to end on the subscriber's day of the month.
 */
class CalendarPeriodPlanTest {
    private static final String ADMIN = TestingGateway.token("admin-13", "billing_admin");
    /** A network of the test-only PSP, which bills fixed durations. */
    private static final String FIXED = "alpha";

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
    void calendarPeriodsAreSoldOnANetworkThatKeepsTheDayOfTheMonth() {
        try (TestingGateway gateway = start(Map.of())) {
            for (String period : List.of("P1M", "P3M", "P6M", "P1Y")) {
                TestingGateway.Response created = createPlan(gateway, "calendar-" + period.toLowerCase(java.util.Locale.ROOT), period, "fiat");

                assertThat(created.status()).as(created.body()).isEqualTo(201);
                assertThat(created.json().get("billingPeriod").getStringValue()).isEqualTo(period);
            }
            JsonNode networks = gateway.get("/v1/billing/networks", null).json();
            Map<String, String> billingPeriods = new HashMap<>();
            for (int index = 0; index < networks.size(); index++) {
                billingPeriods.put(networks.get(index).get("name").getStringValue(), networks.get(index).get("billingPeriods").getStringValue());
            }
            assertThat(billingPeriods).as("the networks catalog says which network keeps the day of the month")
                    .containsEntry("fiat", "calendar").containsEntry(FIXED, "fixed");
        }
    }

    @Test
    void aCalendarPeriodPricedOnANetworkThatBillsEveryNDaysIsRefusedNamingIt() {
        try (TestingGateway gateway = start(Map.of())) {
            long plansBefore = database.count("SELECT COUNT(*) FROM billing_plans");

            TestingGateway.Response refused = createPlan(gateway, "monthly-everywhere", "P1M", "fiat", FIXED);

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(strings(refused.json().get("errors"))).containsExactly("prices[1].network: network 'alpha' bills every N days (provider "
                    + "'testing-psp' renews a fixed duration after each charge), so it cannot keep the day of the month of the calendar period P1M; "
                    + "give the plan a period in days (P30D, P91D, P365D) or leave 'alpha' out of its prices");
            assertThat(database.count("SELECT COUNT(*) FROM billing_plans")).isEqualTo(plansBefore);

            TestingGateway.Response daily = createPlan(gateway, "thirty-days-everywhere", "P30D", "fiat", FIXED);
            assertThat(daily.status()).as("a fixed period is sold everywhere: " + daily.body()).isEqualTo(201);
            TestingGateway.Response toMonths = gateway.patch("/v1/billing/admin/plans/" + daily.json().get("id").getStringValue(), ADMIN,
                    "{\"billingPeriod\": \"P1M\"}");
            assertThat(toMonths.status()).as(toMonths.body()).isEqualTo(400);
            assertThat(strings(toMonths.json().get("errors"))).singleElement().asString()
                    .startsWith("billingPeriod: network 'alpha' bills every N days");
        }
    }

    @Test
    void calendarPeriodsAreBoundedAndDaysAreNotMonths() {
        try (TestingGateway gateway = start(Map.of())) {
            assertThat(strings(createPlan(gateway, "too-long", "P11Y", "fiat").json().get("errors")))
                    .containsExactly("billingPeriod: must be at most 10 years (P10Y; sell a lifetime plan as a one-time product), got P11Y");
            assertThat(strings(createPlan(gateway, "mixed", "P1M2D", "fiat").json().get("errors")))
                    .containsExactly("billingPeriod: must be an ISO-8601 duration such as P30D or PT720H, or whole months or years (P1M, P3M, P1Y), got 'P1M2D'");
        }
    }

    /**
     * A monthly subscription bought through the API is renewed a month later (by a gateway whose clock is a month and a
     * day ahead, the mock PSP's with it), and its next charge moves by a calendar month on the subscriber's day, not by
     * thirty days.
     */
    @Test
    void aFiatRenewalMovesTheNextChargeByACalendarMonth() {
        UUID subscription;
        Instant firstDue;
        try (TestingGateway gateway = start(Map.of())) {
            assertThat(createPlan(gateway, "monthly", "P1M", "fiat").status()).isEqualTo(201);
            subscription = MockFiatSubscriber.subscribeAndPay(gateway, database, "monthly", MockFiatPayer.SUCCESS_CARD);
            firstDue = nextChargeAt(subscription);
        }
        Instant started = firstDue.atZone(ZoneOffset.UTC).minusMonths(1).toInstant();
        assertThat(firstDue).as("the first renewal a calendar month after the checkout")
                .isEqualTo(started.atZone(ZoneOffset.UTC).plusMonths(1).toInstant());
        Duration aheadByAMonthAndADay = Duration.between(Instant.now(), firstDue.plus(Duration.ofDays(1)));

        try (TestingGateway later = start(Map.of("billing.testing.clock-offset", aheadByAMonthAndADay.toSeconds() + "s"))) {
            JsonNode round = later.post("/internal/billing/charge", null, "{\"network\": \"fiat\"}", "X-Service-Token", TestingGateway.SERVICE_TOKEN).json();

            assertThat(round.get("charged").getIntValue()).as(round.toString()).isEqualTo(1);
            Instant next = nextChargeAt(subscription);
            assertThat(next).as("two calendar months after the checkout of %s, on its day of the month", started)
                    .isEqualTo(started.atZone(ZoneOffset.UTC).plusMonths(2).toInstant().truncatedTo(ChronoUnit.MICROS));
            assertThat(database.count("SELECT COUNT(*) FROM payment_transactions WHERE product_type = 'subscription_renewal'")).isEqualTo(1);
        }
    }

    private TestingGateway start(Map<String, Object> more) {
        Map<String, Object> properties = new HashMap<>(books.networkProperties(FIXED, Map.of("charge-interval", "1h")));
        properties.put("billing.networks.fiat.charge-interval", "1h");
        properties.put("billing.enabled-networks", "fiat," + FIXED);
        properties.putAll(more);
        return TestingGateway.start(database, home, properties);
    }

    private static TestingGateway.Response createPlan(TestingGateway gateway, String slug, String period, String... networks) {
        List<String> prices = new ArrayList<>();
        for (String network : networks) {
            prices.add("{\"network\": \"" + network + "\", \"asset\": \"USD\", \"amount\": \"1999\"}");
        }
        return gateway.post("/v1/billing/admin/plans", ADMIN, """
                {"slug": "%s", "name": "Calendar", "billingPeriod": "%s", "prices": [%s]}""".formatted(slug, period, String.join(", ", prices)));
    }

    private Instant nextChargeAt(UUID subscription) {
        try (var connection = database.connect();
             var statement = connection.prepareStatement("SELECT next_charge_at FROM billing_subscription_state WHERE id = ?")) {
            statement.setObject(1, subscription);
            try (var row = statement.executeQuery()) {
                assertThat(row.next()).as("subscription " + subscription).isTrue();
                return row.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
        }
        catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (int index = 0; index < array.size(); index++) {
            values.add(array.get(index).getStringValue());
        }
        return values;
    }
}

package io.billinggateway.gateway.overview;

import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/billing/overview/dashboard} over {@link OverviewFixture#seedThreeDays()}: every figure equals the value
 * worked out by hand from docs/analytics.md, the series too; a second request within the TTL is served from the cache.
 */
class OverviewDashboardTest {
    static final String FINANCE = TestingGateway.token("finance-f", "finance_ops");
    static final String WINDOW = "from=2026-03-01T00:00:00Z&to=2026-03-04T00:00:00Z";
    private static final String PATH = "/v1/billing/overview/dashboard";

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void everyFigureMatchesItsDefinition(String kind) {
        try (TestingDatabase database = kind.equals("postgres") ? TestingDatabase.postgres() : TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            new OverviewFixture(database).seedThreeDays();

            TestingGateway.Response response = gateway.get(PATH + "?" + WINDOW + "&interval=day", FINANCE);

            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode dashboard = response.json();
            assertThat(dashboard.get("previousFrom").getStringValue()).isEqualTo("2026-02-26T00:00:00Z");
            JsonNode figures = dashboard.get("figures");
            assertCount(figures.get("active"), 2, 2);
            assertCount(figures.get("newSubscriptions"), 1, 1);
            assertCount(figures.get("churned"), 1, 1);
            assertRate(figures.get("churnRate"), "0.5", "0.5");
            // S2's 3 000 000 every 30 days is 3 000 000 x 2 629 746 / 2 592 000 = 3 043 687.5 a month: half-even to ...688
            assertThat(changes(figures.get("mrr"))).containsExactly("fiat/USD 2000 1000 1000", "polygon/USDC 0 3043688 -3043688");
            assertThat(changes(figures.get("arpu"))).containsExactly("fiat/USD 2000 1000 1000", "polygon/USDC 0 3043688 -3043688");
            assertCount(figures.get("payments"), 6, 2);
            assertRate(figures.get("failedPaymentRate"), "0.2", "0.5");
            assertThat(changes(figures.get("grossRevenue"))).containsExactly("fiat/USD 13000 0 13000", "polygon/USDC 1000000 3000000 -2000000");
            assertThat(changes(figures.get("refunds"))).containsExactly("fiat/USD 5000 0 5000");
            assertCount(figures.get("refundCount"), 1, 0);
            assertThat(changes(figures.get("fees"))).containsExactly("fiat/USD 30 0 30", "polygon/USDC 0 15000 -15000");
            assertThat(changes(figures.get("netRevenue"))).containsExactly("fiat/USD 7970 0 7970", "polygon/USDC 1000000 2985000 -1985000");

            List<JsonNode> series = list(dashboard.get("series"));
            assertThat(series).hasSize(3);
            assertPoint(series.get(0), "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", 3, 1, 0, List.of("fiat/USD 2000", "polygon/USDC 3043688"), 2, 0,
                    List.of("fiat/USD 13000"), List.of(), List.of("fiat/USD 12970"));
            assertPoint(series.get(1), "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", 2, 0, 1, List.of("fiat/USD 2000"), 1, 0,
                    List.of(), List.of("fiat/USD 5000"), List.of("fiat/USD -5000"));
            assertPoint(series.get(2), "2026-03-03T00:00:00Z", "2026-03-04T00:00:00Z", 2, 0, 0, List.of("fiat/USD 2000"), 3, 1,
                    List.of("polygon/USDC 1000000"), List.of(), List.of("polygon/USDC 1000000"));
        }
    }

    @Test
    void weeksAndCalendarMonthsCutTheSeriesAndTheLastBucketEndsAtTo() {
        try (TestingDatabase database = TestingDatabase.h2(); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            TestingGateway.Response months = gateway.get(PATH + "?from=2026-01-31T00:00:00Z&to=2026-04-15T00:00:00Z&interval=month", FINANCE);
            assertThat(months.status()).as(months.body()).isEqualTo(200);
            assertThat(bounds(months.json().get("series"))).containsExactly("2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z");
            assertThat(list(months.json().get("series")).getLast().get("to").getStringValue()).isEqualTo("2026-04-15T00:00:00Z");

            TestingGateway.Response weeks = gateway.get(PATH + "?from=2026-03-01T00:00:00Z&to=2026-03-16T00:00:00Z&interval=WEEK", FINANCE);
            assertThat(bounds(weeks.json().get("series"))).containsExactly("2026-03-01T00:00:00Z", "2026-03-08T00:00:00Z", "2026-03-15T00:00:00Z");
        }
    }

    @Test
    void aSecondRequestWithinTheTtlIsServedFromTheCacheAndAZeroTtlComputesAgain() {
        try (TestingDatabase database = TestingDatabase.postgres(); TestingGateway cached = TestingGateway.start(database, home, Map.of());
             TestingGateway uncached = TestingGateway.start(database, home, Map.of("billing.overview.cache-ttl", "0s"))) {
            OverviewFixture fixture = new OverviewFixture(database);
            String query = PATH + "?" + WINDOW;
            assertThat(payments(cached.get(query, FINANCE))).isZero();
            assertThat(payments(uncached.get(query, FINANCE))).isZero();

            fixture.payment("user-z", "fiat", "USD", 100, "pending", "2026-03-02T00:00:00Z", null);

            assertThat(payments(cached.get(query, FINANCE))).as("cached for 60 s").isZero();
            assertThat(payments(cached.get(query + "&interval=day", FINANCE))).as("the same query key, interval=day being the default").isZero();
            assertThat(payments(cached.get(PATH + "?from=2026-03-01T00:00:00Z&to=2026-03-05T00:00:00Z", FINANCE))).as("another key").isEqualTo(1);
            assertThat(payments(uncached.get(query, FINANCE))).as("computed again").isEqualTo(1);
        }
    }

    @Test
    void invalidParametersAreProblemsNamingTheParameter() {
        try (TestingDatabase database = TestingDatabase.h2(); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            assertProblem(gateway, PATH + "?interval=hour", 400, "invalid-request", "interval: must be one of day, week, month");
            assertProblem(gateway, PATH + "?from=yesterday", 400, "invalid-request", "from: must be an ISO-8601 date and time");
            assertProblem(gateway, PATH + "?to=2026-03-01", 400, "invalid-request", "to: must be an ISO-8601 date and time");
            assertProblem(gateway, PATH + "?from=2026-03-04T00:00:00Z&to=2026-03-01T00:00:00Z", 422, "invalid-period", "must be before to");
            assertProblem(gateway, PATH + "?from=2026-03-01T00:00:00Z&to=2026-03-01T00:00:00Z", 422, "invalid-period", "must be before to");
            assertProblem(gateway, PATH + "?from=1900-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&interval=month", 422, "invalid-period", "between");
            assertProblem(gateway, PATH + "?from=2026-01-01T00:00:00Z&to=2026-04-04T00:00:00Z&interval=day", 422, "range-too-large", "92 buckets");
            assertProblem(gateway, PATH + "?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&interval=month", 422, "range-too-large", "36 buckets");
            assertThat(gateway.get(PATH + "?from=2026-01-01T00:00:00Z&to=2026-04-03T00:00:00Z&interval=day", FINANCE).status()).as("92 days").isEqualTo(200);
            assertProblem(gateway, "/v1/billing/overview/networks?from=2025-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", 422, "range-too-large", "366 days");
            assertProblem(gateway, "/v1/billing/overview/plans?to=garbage", 400, "invalid-request", "to: must be an ISO-8601");
        }
    }

    static void assertProblem(TestingGateway gateway, String path, int status, String type, String message) {
        TestingGateway.Response response = gateway.get(path, FINANCE);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").getStringValue()).endsWith("/" + type);
        assertThat(response.body()).contains(message).doesNotContain("SQL").doesNotContain("Exception");
    }

    private static long payments(TestingGateway.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("figures").get("payments").get("value").getLongValue();
    }

    private static void assertCount(JsonNode count, long value, long previous) {
        assertThat(List.of(count.get("value").getLongValue(), count.get("previous").getLongValue(), count.get("delta").getLongValue()))
                .containsExactly(value, previous, value - previous);
    }

    private static void assertRate(JsonNode rate, String value, String previous) {
        assertThat(rate.get("value").getBigDecimalValue()).isEqualByComparingTo(value);
        assertThat(rate.get("previous").getBigDecimalValue()).isEqualByComparingTo(previous);
        assertThat(rate.get("delta").getBigDecimalValue()).isEqualByComparingTo(new BigDecimal(value).subtract(new BigDecimal(previous)));
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private static void assertPoint(JsonNode point, String from, String to, long active, long created, long churned, List<String> mrr, long payments,
                                    long failed, List<String> gross, List<String> refunds, List<String> net) {
        assertThat(point.get("from").getStringValue()).isEqualTo(from);
        assertThat(point.get("to").getStringValue()).isEqualTo(to);
        assertThat(List.of(point.get("active").getLongValue(), point.get("newSubscriptions").getLongValue(), point.get("churned").getLongValue(),
                point.get("payments").getLongValue(), point.get("failedPayments").getLongValue()))
                .as(from).containsExactly(active, created, churned, payments, failed);
        assertThat(entries(point.get("mrr"))).as(from + " mrr").isEqualTo(mrr);
        assertThat(entries(point.get("grossRevenue"))).as(from + " gross").isEqualTo(gross);
        assertThat(entries(point.get("refunds"))).as(from + " refunds").isEqualTo(refunds);
        assertThat(entries(point.get("netRevenue"))).as(from + " net").isEqualTo(net);
    }

    static List<String> changes(JsonNode changes) {
        return list(changes).stream().map(change -> change.get("network").getStringValue() + "/" + change.get("token").getStringValue() + " "
                + change.get("value").getStringValue() + " " + change.get("previous").getStringValue() + " " + change.get("delta").getStringValue()).toList();
    }

    static List<String> entries(JsonNode entries) {
        return list(entries).stream()
                .map(entry -> entry.get("network").getStringValue() + "/" + entry.get("token").getStringValue() + " " + entry.get("amount").getStringValue())
                .toList();
    }

    private static List<String> bounds(JsonNode series) {
        return list(series).stream().map(point -> point.get("from").getStringValue()).toList();
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.values().forEach(items::add);
        return items;
    }
}

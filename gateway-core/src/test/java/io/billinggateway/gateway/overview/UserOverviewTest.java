package io.billinggateway.gateway.overview;

import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.billinggateway.gateway.overview.OverviewDashboardTest.list;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's history and summary and the payments stuck pending, as support reads them (seed 004 §5.2, §5.3); and who may
 * read every overview endpoint: staff roles only, never a user (not even about themselves), never the service token.
 */
class UserOverviewTest {
    private static final String SUPPORT = TestingGateway.token("support-s", "support");
    private static final List<String> ENDPOINTS = List.of("/v1/billing/overview/summary", "/v1/billing/overview/dashboard",
            "/v1/billing/overview/networks", "/v1/billing/overview/plans", "/v1/billing/overview/users/user-a/history",
            "/v1/billing/overview/users/user-a/summary", "/v1/billing/overview/payouts?status=pending&olderThan=PT15M");

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void historyAndSummaryShowOneUserInTimeOrderWithTotalsPerAsset(String kind) {
        try (TestingDatabase database = kind.equals("postgres") ? TestingDatabase.postgres() : TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            OverviewFixture fixture = new OverviewFixture(database);
            UUID plan = fixture.plan("monthly", null, 1);
            UUID subscription = fixture.subscription("user-a", plan, "fiat", "USD", 1000, null, 1, "2026-03-01T00:00:00Z", null, "active",
                    "2026-04-01T00:00:00Z");
            UUID failed = fixture.payment("user-a", "fiat", "USD", 500, "failed", "2026-03-02T00:00:00Z", null);
            fixture.payment("user-a", "fiat", "USD", 800, 300, "refunded", "2026-03-03T00:00:00Z", "2026-03-03T00:00:10Z", "plan_purchase",
                    null);
            UUID onChain = fixture.payment("user-a", "polygon", "USDC", 2_000_000, "confirmed", "2026-03-04T00:00:00Z", "2026-03-04T00:00:30Z");
            UUID pending = fixture.payment("user-a", "polygon", "USDC", 1_000_000, "pending", "2026-03-05T00:00:00Z", null);
            fixture.payment("user-b", "fiat", "USD", 9999, "confirmed", "2026-03-06T00:00:00Z", "2026-03-06T00:00:01Z");

            TestingGateway.Response history = gateway.get("/v1/billing/overview/users/user-a/history?order=asc", SUPPORT);

            assertThat(history.status()).as(history.body()).isEqualTo(200);
            List<String> items = list(history.json().get("items")).stream()
                    .map(item -> item.get("kind").getStringValue() + " " + item.get("status").getStringValue() + " " + item.get("at").getStringValue()).toList();
            assertThat(items).containsExactly("payment confirmed 2026-02-28T23:59:00Z", "subscription active 2026-02-28T23:59:00Z",
                    "payment failed 2026-03-02T00:00:00Z", "payment refunded 2026-03-03T00:00:00Z", "payment confirmed 2026-03-04T00:00:00Z",
                    "payment pending 2026-03-05T00:00:00Z");
            assertThat(history.json().get("truncated").getBooleanValue()).isFalse();
            JsonNode failedItem = list(history.json().get("items")).get(2);
            assertThat(failedItem.get("id").getStringValue()).isEqualTo(failed.toString());
            assertThat(failedItem.get("failureReason").getStringValue()).isEqualTo("card declined");

            TestingGateway.Response newestFirst = gateway.get("/v1/billing/overview/users/user-a/history?limit=2", SUPPORT);
            assertThat(list(newestFirst.json().get("items")).stream().map(item -> item.get("id").getStringValue()).toList())
                    .as("the two newest payments, and the subscription").containsExactly(pending.toString(), onChain.toString(), subscription.toString());
            assertThat(newestFirst.json().get("truncated").getBooleanValue()).isTrue();

            TestingGateway.Response summary = gateway.get("/v1/billing/overview/users/user-a/summary", SUPPORT);
            assertThat(summary.status()).as(summary.body()).isEqualTo(200);
            assertThat(list(summary.json().get("totals")).stream().map(UserOverviewTest::totals).toList()).containsExactly(
                    "fiat/USD payments=3 confirmed=1 pending=0 failed=1 refunded=1 paid=1800 refundedAmount=300 net=1500",
                    "polygon/USDC payments=2 confirmed=1 pending=1 failed=0 refunded=0 paid=2000000 refundedAmount=0 net=2000000");
            assertThat(summary.json().get("subscriptions").get("active").getLongValue()).isEqualTo(1);
            assertThat(list(summary.json().get("activeSubscriptions")).getFirst().get("billingPeriod").getStringValue()).isEqualTo("P1M");
            assertThat(summary.json().get("lastFailure").get("paymentId").getStringValue()).isEqualTo(failed.toString());
            assertThat(summary.json().get("lastFailure").get("failureReason").getStringValue()).isEqualTo("card declined");

            OverviewDashboardTest.assertProblem(gateway, "/v1/billing/overview/users/nobody/summary", 404, "not-found", "no payment or subscription belongs");
            OverviewDashboardTest.assertProblem(gateway, "/v1/billing/overview/users/nobody/history", 404, "not-found", "no payment or subscription belongs");
            assertThat(gateway.get("/v1/billing/overview/users/" + "u".repeat(201) + "/history", SUPPORT).status()).isEqualTo(400);
            assertThat(gateway.get("/v1/billing/overview/users/user-a/history?limit=0", SUPPORT).body()).contains("limit: must be an integer from 1 to 500");
            assertThat(gateway.get("/v1/billing/overview/users/user-a/history?order=sideways", SUPPORT).body()).contains("order: must be one of desc, asc");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void payoutsListPaymentsPendingLongerThanAskedOldestFirst(String kind) {
        try (TestingDatabase database = kind.equals("postgres") ? TestingDatabase.postgres() : TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            OverviewFixture fixture = new OverviewFixture(database);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            UUID dayOld = fixture.payment("user-a", "polygon", "USDC", 10, "pending", now.minus(Duration.ofDays(1)).toString(), null);
            UUID hourOld = fixture.payment("user-b", "fiat", "USD", 20, "pending", now.minus(Duration.ofHours(1)).toString(), null);
            UUID fresh = fixture.payment("user-c", "fiat", "USD", 30, "pending", now.minus(Duration.ofMinutes(5)).toString(), null);
            fixture.payment("user-d", "fiat", "USD", 40, "failed", now.minus(Duration.ofDays(2)).toString(), null);
            fixture.payment("user-e", "fiat", "USD", 50, "confirmed", now.minus(Duration.ofDays(2)).toString(), now.minus(Duration.ofDays(2)).toString());

            assertThat(stuck(gateway, "status=pending&olderThan=PT15M")).containsExactly(dayOld.toString(), hourOld.toString());
            assertThat(stuck(gateway, "")).as("pending and PT15M by default").containsExactly(dayOld.toString(), hourOld.toString());
            assertThat(stuck(gateway, "olderThan=PT2M")).containsExactly(dayOld.toString(), hourOld.toString(), fresh.toString());
            assertThat(stuck(gateway, "olderThan=PT2H")).containsExactly(dayOld.toString());
            assertThat(stuck(gateway, "olderThan=PT2M&network=fiat")).containsExactly(hourOld.toString(), fresh.toString());
            TestingGateway.Response page = gateway.get("/v1/billing/overview/payouts?olderThan=PT2M&limit=1", SUPPORT);
            assertThat(page.json().get("total").getLongValue()).isEqualTo(3);
            JsonNode oldest = list(page.json().get("items")).getFirst();
            assertThat(oldest.get("ageSeconds").getLongValue()).isBetween(86_400L, 86_400L + 60);
            assertThat(oldest.get("amount").getStringValue()).isEqualTo("10");

            OverviewDashboardTest.assertProblem(gateway, "/v1/billing/overview/payouts?olderThan=15m", 400, "invalid-request",
                    "olderThan: must be an ISO-8601 duration from PT1M to P366D");
            OverviewDashboardTest.assertProblem(gateway, "/v1/billing/overview/payouts?olderThan=PT10S", 400, "invalid-request", "olderThan:");
            OverviewDashboardTest.assertProblem(gateway, "/v1/billing/overview/payouts?olderThan=P400D", 400, "invalid-request", "olderThan:");
            OverviewDashboardTest.assertProblem(gateway, "/v1/billing/overview/payouts?status=confirmed", 400, "invalid-request", "status: must be one of pending");
            OverviewDashboardTest.assertProblem(gateway, "/v1/billing/overview/payouts?limit=501", 400, "invalid-request", "limit:");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void onlyStaffRolesReadTheOverviewAndNoUserReadsAnothersHistory(String kind) {
        try (TestingDatabase database = kind.equals("postgres") ? TestingDatabase.postgres() : TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            new OverviewFixture(database).payment("user-a", "fiat", "USD", 100, "pending", "2026-03-01T00:00:00Z", null);
            for (String endpoint : ENDPOINTS) {
                assertThat(gateway.get(endpoint, null).status()).as("no token: " + endpoint).isEqualTo(401);
                assertThat(gateway.get(endpoint, TestingGateway.token("user-a")).status()).as("the user themselves: " + endpoint).isEqualTo(403);
                assertThat(gateway.get(endpoint, TestingGateway.token("user-b")).status()).as("another user: " + endpoint).isEqualTo(403);
                assertThat(gateway.get(endpoint, TestingGateway.token("user-b", "billing_service")).status())
                        .as("a token claiming the service role: " + endpoint).isEqualTo(403);
                TestingGateway.Response service = gateway.send(HttpRequest.newBuilder(gateway.url(endpoint))
                        .header("X-Service-Token", TestingGateway.SERVICE_TOKEN).GET().build());
                assertThat(service.status()).as("the service token: " + endpoint).isIn(401, 403);
                for (String role : List.of("support", "finance_ops", "billing_admin")) {
                    TestingGateway.Response response = gateway.get(endpoint, TestingGateway.token("staff", role));
                    assertThat(response.status()).as(role + ": " + endpoint + ": " + response.body()).isEqualTo(200);
                }
            }
        }
    }

    private static List<String> stuck(TestingGateway gateway, String query) {
        TestingGateway.Response response = gateway.get("/v1/billing/overview/payouts?" + query, SUPPORT);
        assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(200);
        return list(response.json().get("items")).stream().map(item -> item.get("id").getStringValue()).toList();
    }

    private static String totals(JsonNode asset) {
        return asset.get("network").getStringValue() + "/" + asset.get("token").getStringValue() + " payments=" + asset.get("payments").getLongValue()
                + " confirmed=" + asset.get("confirmed").getLongValue() + " pending=" + asset.get("pending").getLongValue()
                + " failed=" + asset.get("failed").getLongValue() + " refunded=" + asset.get("refunded").getLongValue()
                + " paid=" + asset.get("paid").getStringValue() + " refundedAmount=" + asset.get("refundedAmount").getStringValue()
                + " net=" + asset.get("net").getStringValue();
    }
}

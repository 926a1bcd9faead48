package io.billinggateway.gateway.staff;

import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/billing/admin/subscriptions} and {@code /{id}} over rows written behind the gateway's back: filters,
 * both sorts in both orders across pages, strict parameters, charge attempts newest first and bounded, 404.
 */
class StaffSubscriptionSearchTest {
    private static final String SUPPORT = TestingGateway.token("support-s", "support");
    private static final String ADMIN = TestingGateway.token("admin-s", "billing_admin");
    private static final String PATH = "/v1/billing/admin/subscriptions";
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final UUID PLAN_A = UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001");
    private static final UUID PLAN_B = UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002");
    private static final List<String> STATUSES = List.of("pending", "active", "past_due", "cancelled", "failed");

    @TempDir
    Path home;

    /** Ids share a prefix, so text order is the databases' order for ties. */
    private record Row(UUID id, String user, String network, UUID plan, String status, Instant createdAt, Instant nextChargeAt) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void searchDetailAndInvalidParameters(String kind) {
        try (TestingDatabase database = kind.equals("postgres") ? TestingDatabase.postgres() : TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            List<Row> rows = seed(database);

            assertListing(gateway, rows, "", row -> true);
            assertListing(gateway, rows, "status=past_due,FAILED", row -> row.status().equals("past_due") || row.status().equals("failed"));
            assertListing(gateway, rows, "network=base", row -> row.network().equals("base"));
            assertListing(gateway, rows, "plan=" + PLAN_B, row -> row.plan().equals(PLAN_B));
            assertListing(gateway, rows, "user=user-2", row -> row.user().equals("user-2"));
            Instant from = START.plus(2, ChronoUnit.DAYS);
            Instant to = START.plus(6, ChronoUnit.DAYS);
            assertListing(gateway, rows, "nextChargeFrom=" + from + "&nextChargeTo=" + to,
                    row -> row.nextChargeAt() != null && !row.nextChargeAt().isBefore(from) && row.nextChargeAt().isBefore(to));
            for (String sort : List.of("created", "nextCharge")) {
                for (String order : List.of("asc", "desc")) {
                    String query = "sort=" + sort + "&order=" + order;
                    assertThat(pagedIds(gateway, query, 3)).as(query).isEqualTo(expected(rows, sort, order, row -> true));
                }
            }

            String cursor = gateway.get(PATH + "?limit=2", SUPPORT).json().get("nextCursor").getStringValue();
            assertInvalid(gateway, "status=paused", "status", "must be one of pending, active, past_due, cancelled, failed");
            assertInvalid(gateway, "nextChargeFrom=tomorrow", "nextChargeFrom", "ISO-8601");
            assertInvalid(gateway, "plan=123", "plan", "must be a UUID");
            assertInvalid(gateway, "sort=amount", "sort", "must be one of created, nextcharge");
            assertInvalid(gateway, "order=sideways", "order", "must be one of desc, asc");
            assertInvalid(gateway, "limit=0", "limit", "from 1 to 500");
            assertInvalid(gateway, "cursor=!!!", "cursor", "is not a cursor");
            assertInvalid(gateway, "network=fiat&cursor=" + cursor, "cursor", "other filters, sort or order");
            String paymentCursor = gateway.get("/v1/billing/admin/payments?limit=1", SUPPORT).json().get("nextCursor").getStringValue();
            assertInvalid(gateway, "cursor=" + paymentCursor, "cursor", "other filters, sort or order");

            UUID busy = rows.getFirst().id();
            TestingGateway.Response detail = gateway.get(PATH + "/" + busy, ADMIN);
            assertThat(detail.status()).as(detail.body()).isEqualTo(200);
            JsonNode subscription = detail.json().get("subscription");
            assertThat(subscription.get("id").getStringValue()).isEqualTo(busy.toString());
            assertThat(subscription.get("failureCount").getIntValue()).isEqualTo(3);
            assertThat(subscription.get("lastError").getStringValue()).isEqualTo("insufficient funds");
            assertThat(subscription.get("retryAt").getStringValue()).isEqualTo("2026-03-10T00:00:00Z");
            JsonNode attempts = detail.json().get("chargeAttempts");
            assertThat(attempts.size()).as("bounded").isEqualTo(StaffReads.MAX_ATTEMPTS);
            assertThat(attempts.get(0).get("message").getStringValue()).as("newest first").isEqualTo("attempt 119");
            assertThat(attempts.get(0).get("outcome").getStringValue()).isEqualTo("failed");
            assertThat(attempts.get(0).get("fee").getStringValue()).isEqualTo("7");
            assertThat(attempts.get(99).get("message").getStringValue()).isEqualTo("attempt 20");
            TestingGateway.Response quiet = gateway.get(PATH + "/" + rows.get(1).id(), SUPPORT);
            assertThat(quiet.json().get("chargeAttempts").size()).isZero();

            TestingGateway.Response unknown = gateway.get(PATH + "/" + UUID.randomUUID(), SUPPORT);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().get("type").getStringValue()).endsWith("/not-found");
        }
    }

    private static void assertInvalid(TestingGateway gateway, String query, String parameter, String problem) {
        TestingGateway.Response response = gateway.get(PATH + "?" + query, SUPPORT);
        assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(400);
        assertThat(response.json().get("type").getStringValue()).endsWith("/invalid-request");
        assertThat(response.json().get("errors").get(0).getStringValue()).startsWith(parameter + ": ").contains(problem);
    }

    private static void assertListing(TestingGateway gateway, List<Row> rows, String query, Predicate<Row> matches) {
        TestingGateway.Response response = gateway.get(PATH + "?limit=500&" + query, SUPPORT);
        assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(200);
        assertThat(ids(response.json().get("items"))).as(query).isEqualTo(expected(rows, "created", "desc", matches));
        assertThat(response.json().get("nextCursor").isNull()).isTrue();
    }

    private static List<String> pagedIds(TestingGateway gateway, String query, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = PATH + "?" + query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            TestingGateway.Response page = gateway.get(path, SUPPORT);
            assertThat(page.status()).as(path + ": " + page.body()).isEqualTo(200);
            ids.addAll(ids(page.json().get("items")));
            JsonNode next = page.json().get("nextCursor");
            cursor = next.isNull() ? null : next.getStringValue();
            assertThat(++pages).isLessThan(100);
        }
        while (cursor != null);
        return ids;
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : items.values()) {
            ids.add(item.get("id").getStringValue());
        }
        return ids;
    }

    private static List<String> expected(List<Row> rows, String sort, String order, Predicate<Row> matches) {
        Function<Row, Instant> key = sort.equals("created") ? Row::createdAt : Row::nextChargeAt;
        Comparator<Row> comparator = Comparator.comparing(key).thenComparing(row -> row.id().toString());
        if (order.equals("desc")) {
            comparator = comparator.reversed();
        }
        return rows.stream().filter(matches).filter(row -> key.apply(row) != null).sorted(comparator).map(row -> row.id().toString()).toList();
    }

    /** 20 subscriptions (ties on created and next charge), the first with 120 charge attempts and a retry state. */
    private static List<Row> seed(TestingDatabase database) {
        OffsetDateTime at = START.atOffset(ZoneOffset.UTC);
        for (UUID plan : List.of(PLAN_A, PLAN_B)) {
            database.update("""
                    INSERT INTO billing_plans (id, slug, name, billing_period_seconds, status, terms_version, created_at, updated_at, row_version)
                    VALUES (?, ?, 'Plan', 2592000, 'ACTIVE', 1, ?, ?, 1)""", plan, "plan-" + plan.toString().substring(0, 4), at, at);
        }
        List<Row> rows = new ArrayList<>();
        for (int index = 0; index < 20; index++) {
            String status = STATUSES.get(index % 5);
            Row row = new Row(UUID.fromString("%08d-0000-4000-8000-000000000000".formatted(index * 7 % 20)), "user-" + index % 3,
                    index % 2 == 0 ? "fiat" : "base", index % 3 == 0 ? PLAN_A : PLAN_B, status, START.plus(index / 2, ChronoUnit.HOURS),
                    status.equals("cancelled") || status.equals("failed") ? null : START.plus(index % 8, ChronoUnit.DAYS));
            UUID checkout = UUID.randomUUID();
            database.update("""
                    INSERT INTO payment_transactions (id, user_id, network, chain_id, provider_id, product_type, product_id, plan_id, token, amount,
                           refunded_amount, status, created_at, updated_at, row_version)
                    VALUES (?, ?, ?, 'chain', 'provider', 'plan_subscription', 'plan', ?, 'USD', 100, 0, 'confirmed', ?, ?, 1)""",
                    checkout, row.user(), row.network(), row.plan(), at, at);
            database.update("""
                    INSERT INTO billing_subscription_state (id, user_id, plan_id, terms_version, network, chain_id, provider_id, checkout_ledger_id, token,
                           amount, billing_period_seconds, status, next_charge_at, retry_at, failure_count, last_error, created_at, updated_at, row_version)
                    VALUES (?, ?, ?, 1, ?, 'chain', 'provider', ?, 'USD', 100, 2592000, ?, ?, ?, ?, ?, ?, ?, 1)""",
                    row.id(), row.user(), row.plan(), row.network(), checkout, row.status(),
                    row.nextChargeAt() == null ? null : row.nextChargeAt().atOffset(ZoneOffset.UTC),
                    index == 0 ? START.plus(9, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC) : null, index == 0 ? 3 : 0,
                    index == 0 ? "insufficient funds" : null, row.createdAt().atOffset(ZoneOffset.UTC), at);
            rows.add(row);
        }
        for (int attempt = 0; attempt < 120; attempt++) {
            database.update("""
                    INSERT INTO billing_charge_attempt (id, subscription_id, network, chain_id, period_start, outcome, payment_token, amount, fee, message, created_at)
                    VALUES (?, ?, 'fiat', 'chain', ?, 'failed', 'USD', 100, 7, ?, ?)""",
                    UUID.randomUUID(), rows.getFirst().id(), at, "attempt " + attempt, at.plusMinutes(attempt));
        }
        return rows;
    }
}

package io.billinggateway.gateway.staff;

import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
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
 * {@code GET /v1/billing/admin/payments} over ledger rows written behind the gateway's back: every filter, every sort in
 * both orders, keyset pages that together hold every match exactly once, CSV, and strict parameters.
 */
class StaffPaymentSearchTest {
    private static final String SUPPORT = TestingGateway.token("support-s", "support");
    private static final String PATH = "/v1/billing/admin/payments";
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final UUID PLAN_A = UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001");
    private static final UUID PLAN_B = UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002");
    private static final List<String> STATUSES = List.of("pending", "confirmed", "failed", "refunded");

    @TempDir
    Path home;

    /** One seeded ledger row. Ids share a prefix, so text order is the databases' order for ties. */
    private record Row(UUID id, String user, String network, String provider, String token, UUID plan, String status, long amount,
                       Instant createdAt, Instant confirmedAt) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void filtersSortsAndPagesReturnEveryMatchOnceInOrder(String kind) {
        try (TestingDatabase database = kind.equals("postgres") ? TestingDatabase.postgres() : TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            List<Row> rows = seed(database);

            assertListing(gateway, rows, "", row -> true);
            assertListing(gateway, rows, "status=confirmed", row -> row.status().equals("confirmed"));
            assertListing(gateway, rows, "status=pending,REFUNDED", row -> row.status().equals("pending") || row.status().equals("refunded"));
            assertListing(gateway, rows, "network=base", row -> row.network().equals("base"));
            assertListing(gateway, rows, "provider=mock-fiat", row -> row.provider().equals("mock-fiat"));
            assertListing(gateway, rows, "token=USDC", row -> row.token().equals("USDC"));
            assertListing(gateway, rows, "plan=" + PLAN_A, row -> row.plan().equals(PLAN_A));
            assertListing(gateway, rows, "user=user-1", row -> row.user().equals("user-1"));
            Instant from = START.plus(3, ChronoUnit.HOURS);
            Instant to = START.plus(9, ChronoUnit.HOURS);
            assertListing(gateway, rows, "createdFrom=" + from + "&createdTo=" + to,
                    row -> !row.createdAt().isBefore(from) && row.createdAt().isBefore(to));
            assertListing(gateway, rows, "confirmedFrom=" + from + "&confirmedTo=" + to,
                    row -> row.confirmedAt() != null && !row.confirmedAt().isBefore(from) && row.confirmedAt().isBefore(to));
            assertListing(gateway, rows, "amountMin=300&amountMax=500", row -> row.amount() >= 300 && row.amount() <= 500);
            assertListing(gateway, rows, "status=confirmed&network=fiat&amountMin=200&user=user-0",
                    row -> row.status().equals("confirmed") && row.network().equals("fiat") && row.amount() >= 200 && row.user().equals("user-0"));
            assertListing(gateway, rows, "network=nowhere", row -> false);

            for (String sort : List.of("created", "confirmed", "amount")) {
                for (String order : List.of("asc", "desc")) {
                    String query = "sort=" + sort + "&order=" + order;
                    assertThat(pagedIds(gateway, query, 4)).as(query).isEqualTo(expected(rows, sort, order, row -> true));
                }
            }
            assertThat(pagedIds(gateway, "sort=amount&order=asc&network=fiat", 3))
                    .isEqualTo(expected(rows, "amount", "asc", row -> row.network().equals("fiat")));
        }
    }

    @Test
    void csvIsEscapedAndSafeToOpenInASpreadsheet() {
        try (TestingDatabase database = TestingDatabase.postgres(); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            UUID id = UUID.fromString("cccccccc-0000-4000-8000-000000000001");
            insert(database, new Row(id, "=HYPERLINK(\"http://evil\",\"x\")", "fiat", "mock-fiat", "USD", PLAN_A, "failed", 100, START, null),
                    "ref,with \"quotes\"", "-2+3 line\nbreak");
            insert(database, new Row(UUID.fromString("cccccccc-0000-4000-8000-000000000002"), "@user", "fiat", "mock-fiat", "USD", PLAN_A, "confirmed",
                    250, START.plusSeconds(60), START.plusSeconds(120)), "+ref", null);

            TestingGateway.Response csv = gateway.get(PATH + "?format=csv&sort=amount&order=asc&limit=1", SUPPORT);

            assertThat(csv.status()).as(csv.body()).isEqualTo(200);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            assertThat(csv.header("Next-Cursor")).as("a second row follows").isNotBlank();
            assertThat(csv.body()).isEqualTo("id,userId,status,network,chainId,providerId,productType,productId,planId,subscriptionId,token,amount,"
                    + "refundedAmount,providerReference,txHash,failureReason,confirmedAt,createdAt\r\n"
                    + id + ",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",failed,fiat,fiat:mock,mock-fiat,plan_purchase,product," + PLAN_A
                    + ",,USD,100,0,\"ref,with \"\"quotes\"\"\",,\"'-2+3 line\nbreak\",,2026-03-01T00:00:00Z\r\n");

            TestingGateway.Response rest = gateway.get(PATH + "?format=csv&sort=amount&order=asc&limit=1&cursor=" + csv.header("Next-Cursor"), SUPPORT);
            assertThat(rest.body()).contains(",'@user,confirmed,", ",'+ref,", ",2026-03-01T00:02:00Z,2026-03-01T00:01:00Z\r\n");
            assertThat(rest.header("Next-Cursor")).as("the last page").isNull();
        }
    }

    @Test
    void invalidParametersAreProblemsNamingTheParameter() {
        try (TestingDatabase database = TestingDatabase.postgres(); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            seed(database);
            String cursor = gateway.get(PATH + "?limit=2&sort=amount", SUPPORT).json().get("nextCursor").getStringValue();

            assertInvalid(gateway, "status=paid", "status", "must be one of pending, confirmed, failed, refunded");
            assertInvalid(gateway, "status=confirmed,", "status", "must be one of");
            assertInvalid(gateway, "createdFrom=yesterday", "createdFrom", "ISO-8601");
            assertInvalid(gateway, "confirmedTo=2026-13-01T00:00:00Z", "confirmedTo", "ISO-8601");
            assertInvalid(gateway, "amountMin=-1", "amountMin", "non-negative integer");
            assertInvalid(gateway, "amountMax=1.5", "amountMax", "non-negative integer");
            assertInvalid(gateway, "amountMax=" + "9".repeat(79), "amountMax", "at most 78 digits");
            assertInvalid(gateway, "plan=not-a-uuid", "plan", "must be a UUID");
            assertInvalid(gateway, "sort=status", "sort", "must be one of created, confirmed, amount");
            assertInvalid(gateway, "order=up", "order", "must be one of desc, asc");
            assertInvalid(gateway, "limit=0", "limit", "from 1 to 500");
            assertInvalid(gateway, "limit=501", "limit", "from 1 to 500");
            assertInvalid(gateway, "format=xml", "format", "must be one of json, csv");
            assertInvalid(gateway, "user=" + "u".repeat(201), "user", "at most 200 characters");
            assertInvalid(gateway, "cursor=garbage!", "cursor", "is not a cursor");
            assertInvalid(gateway, "sort=amount&cursor=" + cursor.substring(0, cursor.length() - 4), "cursor", "is not a cursor");
            assertInvalid(gateway, "sort=created&cursor=" + cursor, "cursor", "other filters, sort or order");
            assertInvalid(gateway, "sort=amount&network=fiat&cursor=" + cursor, "cursor", "other filters, sort or order");
            assertThat(gateway.get(PATH + "?limit=2&sort=amount&cursor=" + cursor, SUPPORT).status()).isEqualTo(200);
        }
    }

    private static void assertInvalid(TestingGateway gateway, String query, String parameter, String problem) {
        TestingGateway.Response response = gateway.get(PATH + "?" + query, SUPPORT);
        assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").getStringValue()).endsWith("/invalid-request");
        assertThat(response.json().get("errors").get(0).getStringValue()).startsWith(parameter + ": ").contains(problem);
    }

    /** The default listing (created, newest first) with {@code query}, all on one page, against the rows that match. */
    private static void assertListing(TestingGateway gateway, List<Row> rows, String query, Predicate<Row> matches) {
        TestingGateway.Response response = gateway.get(PATH + "?limit=500&" + query, SUPPORT);
        assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(200);
        assertThat(ids(response.json().get("items"))).as(query).isEqualTo(expected(rows, "created", "desc", matches));
        assertThat(response.json().get("nextCursor").isNull()).as("one page holds everything").isTrue();
    }

    /** Follows nextCursor from the first page to the last; a repeated id or a missing one shows in the comparison. */
    private static List<String> pagedIds(TestingGateway gateway, String query, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = PATH + "?" + query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            TestingGateway.Response page = gateway.get(path, SUPPORT);
            assertThat(page.status()).as(path + ": " + page.body()).isEqualTo(200);
            List<String> items = ids(page.json().get("items"));
            assertThat(items.size()).isLessThanOrEqualTo(limit);
            ids.addAll(items);
            JsonNode next = page.json().get("nextCursor");
            cursor = next.isNull() ? null : next.getStringValue();
            assertThat(++pages).as("pages of " + query).isLessThan(100);
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
        Function<Row, Comparable> key = switch (sort) {
            case "created" -> Row::createdAt;
            case "confirmed" -> Row::confirmedAt;
            case "amount" -> Row::amount;
            default -> throw new IllegalArgumentException(sort);
        };
        @SuppressWarnings("unchecked")
        Comparator<Row> comparator = Comparator.comparing(row -> (Comparable<Object>) key.apply(row));
        comparator = comparator.thenComparing(row -> row.id().toString());
        if (order.equals("desc")) {
            comparator = comparator.reversed();
        }
        return rows.stream().filter(matches).filter(row -> key.apply(row) != null).sorted(comparator).map(row -> row.id().toString()).toList();
    }

    /** 30 payments: two per hour (ties on created), seven amounts (ties on amount), four statuses, two networks, three users. */
    private static List<Row> seed(TestingDatabase database) {
        List<Row> rows = new ArrayList<>();
        for (int index = 0; index < 30; index++) {
            boolean fiat = index % 2 == 0;
            String status = STATUSES.get(index % 4);
            Instant created = START.plus(index / 2, ChronoUnit.HOURS);
            boolean confirmed = status.equals("confirmed") || status.equals("refunded");
            Row row = new Row(UUID.fromString("%08d-0000-4000-8000-000000000000".formatted(index * 7 % 30)), "user-" + index % 3,
                    fiat ? "fiat" : "base", fiat ? "mock-fiat" : "evm", fiat ? "USD" : "USDC", index % 5 == 0 ? PLAN_A : PLAN_B, status,
                    100L * (index % 7 + 1), created, confirmed ? created.plus(index % 3 * 20, ChronoUnit.MINUTES) : null);
            insert(database, row, "ref-" + index, null);
            rows.add(row);
        }
        return rows;
    }

    private static void insert(TestingDatabase database, Row row, String providerReference, String failureReason) {
        database.update("""
                INSERT INTO payment_transactions (id, user_id, network, chain_id, provider_id, product_type, product_id, plan_id, token, amount,
                       refunded_amount, status, provider_reference, failure_reason, confirmed_at, created_at, updated_at, row_version)
                VALUES (?, ?, ?, ?, ?, 'plan_purchase', 'product', ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, 1)""",
                row.id(), row.user(), row.network(), row.network().equals("fiat") ? "fiat:mock" : "eip155:8453", row.provider(), row.plan(), row.token(),
                BigDecimal.valueOf(row.amount()), row.status(), providerReference, failureReason,
                row.confirmedAt() == null ? null : row.confirmedAt().atOffset(ZoneOffset.UTC), row.createdAt().atOffset(ZoneOffset.UTC),
                row.createdAt().atOffset(ZoneOffset.UTC));
    }
}

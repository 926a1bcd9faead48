package io.billinggateway.gateway.plan;

import io.billinggateway.gateway.security.Roles;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans addressed by slug as well as id, {@code DELETE /v1/billing/admin/plans/{slugOrId}} of a plan never sold, the 409 that
 * sends a sold plan to {@code /archive}, and who may delete (billing_admin only).
 */
class PlanDeletionTest {
    private static final String ADMIN = TestingGateway.token("admin-d", Roles.BILLING_ADMIN);
    private static final String SUPPORT = TestingGateway.token("support-d", Roles.SUPPORT);

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void plansAreAddressedBySlugAndIdAndANeverSoldPlanIsDeletedWithAnAuditEntry(String kind) throws SQLException {
        try (TestingDatabase database = open(kind); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            String slug = uniqueSlug("mistake");
            String id = createPlan(gateway, slug);

            assertThat(gateway.get("/v1/billing/admin/plans/" + slug, SUPPORT).json().get("id").getStringValue()).isEqualTo(id);
            assertThat(gateway.get("/v1/billing/admin/plans/" + id.toUpperCase(Locale.ROOT), SUPPORT).json().get("slug").getStringValue())
                    .isEqualTo(slug);
            TestingGateway.Response renamed = gateway.patch("/v1/billing/admin/plans/" + slug, ADMIN, "{\"name\": \"Renamed\"}");
            assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
            assertThat(gateway.get("/v1/billing/admin/plans/" + slug + "/audit", SUPPORT).json().size()).isEqualTo(2);
            assertThat(catalogSlugs(gateway)).contains(slug);

            TestingGateway.Response deleted = delete(gateway, "/v1/billing/admin/plans/" + slug, ADMIN);

            assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
            TestingGateway.Response gone = gateway.get("/v1/billing/admin/plans/" + id, SUPPORT);
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.header("Content-Type")).startsWith("application/problem+json");
            assertThat(gone.json().get("detail").getStringValue()).isEqualTo("no plan with slug or id '" + id + "'; GET /v1/billing/admin/plans lists the plans");
            assertThat(catalogSlugs(gateway)).doesNotContain(slug);
            assertThat(database.count("SELECT COUNT(*) FROM billing_plan_signatures WHERE plan_id = ?", UUID.fromString(id))).isZero();
            assertThat(database.count("SELECT COUNT(*) FROM billing_plan_terms_registrations WHERE plan_id = ?", UUID.fromString(id))).isZero();
            List<String> trail = new ArrayList<>();
            try (Connection connection = database.connect();
                 PreparedStatement query = connection.prepareStatement(
                         "SELECT action, actor FROM billing_audit_log WHERE entity_type = 'plan' AND entity_id = ? ORDER BY created_at, id")) {
                query.setString(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        trail.add(rows.getString("action") + " by " + rows.getString("actor"));
                    }
                }
            }
            assertThat(trail).as("the audit log keeps the deleted plan's story").containsExactly("plan.created by admin-d", "plan.updated by admin-d",
                    "plan.deletion_started by admin-d", "plan.deleted by admin-d");
            assertThat(database.count("SELECT COUNT(*) FROM billing_outbox WHERE event_type = 'billing.plan.changed.v1' AND aggregate_id = ?", id))
                    .as("created, updated, deleted").isEqualTo(3);
            TestingGateway.Response again = delete(gateway, "/v1/billing/admin/plans/" + slug, ADMIN);
            assertThat(again.status()).isEqualTo(404);

            TestingGateway.Response recreated = gateway.post("/v1/billing/admin/plans", ADMIN, planBody(slug));
            assertThat(recreated.status()).as("the slug of a deleted plan is free again: " + recreated.body()).isEqualTo(201);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void aSoldPlanIsKeptWithA409ThatSaysToArchiveIt(String kind) {
        try (TestingDatabase database = open(kind); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            String slug = uniqueSlug("sold");
            String id = createPlan(gateway, slug);
            TestingGateway.Response subscribed = gateway.post("/v1/billing/subscribe", TestingGateway.token("buyer-d"),
                    "{\"plan\": \"" + slug + "\", \"network\": \"fiat\"}", "Idempotency-Key", "sold-" + slug);
            assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);

            TestingGateway.Response refused = delete(gateway, "/v1/billing/admin/plans/" + id, ADMIN);

            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().get("detail").getStringValue()).isEqualTo("plan '" + slug + "' has been sold (payments or subscriptions name it) and "
                    + "cannot be deleted; archive it instead: POST /v1/billing/admin/plans/" + slug + "/archive");
            assertThat(gateway.get("/v1/billing/admin/plans/" + slug, SUPPORT).json().get("status").getStringValue()).isEqualTo("ACTIVE");
            assertThat(database.count("SELECT COUNT(*) FROM billing_audit_log WHERE entity_id = ? AND action = 'plan.deleted'", id)).isZero();

            TestingGateway.Response archived = gateway.post("/v1/billing/admin/plans/" + slug + "/archive", ADMIN, "");
            assertThat(archived.status()).as(archived.body()).isEqualTo(200);
            assertThat(archived.json().get("status").getStringValue()).isEqualTo("INACTIVE");
            assertThat(catalogSlugs(gateway)).doesNotContain(slug);
            assertThat(database.count("SELECT COUNT(*) FROM billing_audit_log WHERE entity_id = ? AND action = 'plan.archived' AND actor = 'admin-d'", id))
                    .isEqualTo(1);
            TestingGateway.Response checkout = gateway.post("/v1/billing/subscribe", TestingGateway.token("buyer-e"),
                    "{\"plan\": \"" + slug + "\", \"network\": \"fiat\"}", "Idempotency-Key", "archived-" + slug);
            assertThat(checkout.status()).isEqualTo(409);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void onlyABillingAdminDeletesAndUnknownReferencesAreProblems(String kind) {
        try (TestingDatabase database = open(kind); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            String slug = uniqueSlug("guarded");
            createPlan(gateway, slug);
            String path = "/v1/billing/admin/plans/" + slug;
            Map<String, Integer> refusedCallers = Map.of(
                    "nobody", 401, "user", 403, "support", 403, "finance_ops", 403, "service token", 401);
            for (Map.Entry<String, Integer> caller : refusedCallers.entrySet()) {
                TestingGateway.Response response = gateway.send(deleteRequest(gateway, path, caller.getKey()));
                assertThat(response.status()).as(caller.getKey() + ": " + response.body()).isEqualTo(caller.getValue());
                assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            }
            assertThat(gateway.get(path, SUPPORT).status()).as("still there").isEqualTo(200);
            assertThat(gateway.send(deleteRequest(gateway, path, "billing_admin")).status()).isEqualTo(204);

            for (String reference : List.of("no-such-plan", "Not%20A%20Slug", UUID.randomUUID().toString(), "a".repeat(300), "%27%20OR%201%3D1")) {
                TestingGateway.Response unknown = delete(gateway, "/v1/billing/admin/plans/" + reference, ADMIN);
                assertThat(unknown.status()).as(reference + ": " + unknown.body()).isEqualTo(404);
                assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
                assertThat(unknown.json().get("detail").getStringValue()).startsWith("no plan with slug or id '");
            }
        }
    }

    private static HttpRequest deleteRequest(TestingGateway gateway, String path, String caller) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.url(path)).timeout(Duration.ofSeconds(30)).DELETE();
        switch (caller) {
            case "nobody" -> { }
            case "user" -> request.header("Authorization", "Bearer " + TestingGateway.token("user-d"));
            case "support" -> request.header("Authorization", "Bearer " + SUPPORT);
            case "finance_ops" -> request.header("Authorization", "Bearer " + TestingGateway.token("finance-d", Roles.FINANCE_OPS));
            case "service token" -> request.header("X-Service-Token", TestingGateway.SERVICE_TOKEN);
            case "billing_admin" -> request.header("Authorization", "Bearer " + ADMIN);
            default -> throw new IllegalArgumentException(caller);
        }
        return request.build();
    }

    private static TestingGateway.Response delete(TestingGateway gateway, String path, String token) {
        return gateway.send(HttpRequest.newBuilder(gateway.url(path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .DELETE().build());
    }

    private static String createPlan(TestingGateway gateway, String slug) {
        TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", ADMIN, planBody(slug));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").getStringValue();
    }

    private static String planBody(String slug) {
        return "{\"slug\": \"" + slug + "\", \"name\": \"Plan " + slug + "\", \"billingPeriod\": \"P30D\", "
                + "\"prices\": [{\"network\": \"fiat\", \"asset\": \"USD\", \"amount\": \"700\"}]}";
    }

    private static List<String> catalogSlugs(TestingGateway gateway) {
        List<String> slugs = new ArrayList<>();
        gateway.get("/v1/billing/plans", null).json().values().forEach(plan -> slugs.add(plan.get("slug").getStringValue()));
        return slugs;
    }

    private static String uniqueSlug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static TestingDatabase open(String kind) {
        return kind.equals("postgres") ? TestingDatabase.postgres() : TestingDatabase.h2();
    }
}

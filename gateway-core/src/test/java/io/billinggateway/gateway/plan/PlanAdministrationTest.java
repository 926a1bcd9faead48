package io.billinggateway.gateway.plan;

import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin plans API and the cached public catalog, on PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanAdministrationTest {
    private static final String ADMIN = TestingGateway.token("admin-7", "billing_admin");

    private TestingDatabase database;
    private TestingGateway gateway;

    @BeforeAll
    void start() throws Exception {
        database = TestingDatabase.postgres();
        gateway = TestingGateway.start(database, Files.createTempDirectory("plans"), Map.of());
    }

    @AfterAll
    void stop() {
        gateway.close();
        database.close();
    }

    @Test
    void invalidPlansAreRejectedFieldByFieldAndNothingIsStored() {
        long plansBefore = database.count("SELECT COUNT(*) FROM billing_plans");
        TestingGateway.Response response = gateway.post("/v1/billing/admin/plans", ADMIN, """
                {"slug": "Bad Slug", "name": "", "billingPeriod": "monthly",
                 "prices": [{"network": "nosuch", "asset": "USD", "amount": "1"}, {"network": "fiat", "asset": "EUR", "amount": "19.99"}]}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(strings(response.json().get("errors"))).containsExactly(
                "slug: must be 2-64 lower-case letters, digits or dashes, starting with a letter or digit",
                "name: must be 1-200 characters",
                "billingPeriod: must be an ISO-8601 duration such as P30D or PT720H, or whole months or years (P1M, P3M, P1Y), got 'monthly'",
                "prices[0].network: no enabled network matches network 'nosuch'; registered networks: fiat (mock-fiat, fiat:mock)",
                "prices[1].asset: network 'fiat' has no asset 'EUR'; it offers [USD]",
                "prices[1].amount: must be an integer count of the asset's smallest unit (e.g. \"1999\" for 19.99 USD), got '19.99'");
        assertThat(database.count("SELECT COUNT(*) FROM billing_plans")).isEqualTo(plansBefore);
    }

    @Test
    void planLifecycleIsAuditedAndTheCatalogFollowsIt() {
        String slug = "lifecycle-" + UUID.randomUUID().toString().substring(0, 8);
        TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", ADMIN,
                "{\"slug\": \"" + slug + "\", \"name\": \"Lifecycle\", \"billingPeriod\": \"P30D\", \"prices\": [{\"network\": \"fiat\", \"asset\": \"USD\", \"amount\": \"1000\"}]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").getStringValue();
        String firstRef = created.json().get("networks").get(0).get("providerPlanRef").getStringValue();
        assertThat(catalogSlugs()).contains(slug);
        assertThat(created.json().get("billingPeriod").getStringValue()).as("as the client wrote it, not PT720H").isEqualTo("P30D");
        assertThat(gateway.get("/v1/billing/plans/" + slug, null).json().get("billingPeriod").getStringValue()).isEqualTo("P30D");

        TestingGateway.Response duplicate = gateway.post("/v1/billing/admin/plans", ADMIN,
                "{\"slug\": \"" + slug + "\", \"name\": \"Again\", \"prices\": [{\"network\": \"fiat\", \"asset\": \"USD\", \"amount\": \"1\"}]}");
        assertThat(duplicate.status()).isEqualTo(409);

        TestingGateway.Response repriced = gateway.patch("/v1/billing/admin/plans/" + id, ADMIN, """
                {"prices": [{"network": "fiat", "asset": "USD", "amount": "1200"}]}""");
        assertThat(repriced.status()).as(repriced.body()).isEqualTo(200);
        assertThat(repriced.json().get("termsVersion").getLongValue()).isEqualTo(2);
        JsonNode registration = repriced.json().get("networks").get(0);
        assertThat(registration.get("price").getStringValue()).isEqualTo("1200");
        assertThat(registration.get("status").getStringValue()).isEqualTo("ACTIVE");
        assertThat(registration.get("providerPlanRef").getStringValue()).as("new terms, new price object").isNotEqualTo(firstRef);
        assertThat(catalogPrice(slug)).isEqualTo("1200");

        assertThat(gateway.post("/v1/billing/admin/plans/" + id + "/freeze", ADMIN, "").json().get("status").getStringValue()).isEqualTo("FROZEN");
        assertThat(catalogSlugs()).doesNotContain(slug);
        TestingGateway.Response subscribe = gateway.post("/v1/billing/subscribe", TestingGateway.token("buyer"),
                "{\"plan\": \"" + slug + "\", \"network\": \"fiat\"}", "Idempotency-Key", "frozen-1");
        assertThat(subscribe.status()).isEqualTo(409);
        assertThat(subscribe.json().get("detail").getStringValue()).contains("is frozen");

        assertThat(gateway.post("/v1/billing/admin/plans/" + id + "/unfreeze", ADMIN, "").json().get("status").getStringValue()).isEqualTo("ACTIVE");
        assertThat(catalogSlugs()).contains(slug);

        TestingGateway.Response audit = gateway.get("/v1/billing/admin/plans/" + id + "/audit", TestingGateway.token("support-1", "support"));
        List<String> actions = new ArrayList<>();
        audit.json().values().forEach(entry -> actions.add(entry.get("action").getStringValue() + " by " + entry.get("actor").getStringValue()));
        assertThat(actions).containsExactly("plan.created by admin-7", "plan.updated by admin-7", "plan.frozen by admin-7", "plan.status_changed by admin-7");
        assertThat(audit.json().get(1).get("beforeState").getStringValue()).contains("\"price\":\"1000\"");
        assertThat(audit.json().get(1).get("afterState").getStringValue()).contains("\"price\":\"1200\"");
        assertThat(database.count("SELECT COUNT(*) FROM billing_outbox WHERE event_type = 'billing.plan.changed.v1' AND aggregate_id = ?", UUID.fromString(id).toString()))
                .isEqualTo(4);
    }

    @Test
    void subscriberCanUnsubscribeAndTheSubscriptionEnds() {
        String slug = "unsub-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(gateway.post("/v1/billing/admin/plans", ADMIN, "{\"slug\": \"" + slug + "\", \"name\": \"U\", \"billingPeriod\": \"P7D\", "
                + "\"prices\": [{\"network\": \"fiat\", \"asset\": \"USD\", \"amount\": \"300\"}]}").status()).isEqualTo(201);
        String user = TestingGateway.token("leaver-" + UUID.randomUUID());
        TestingGateway.Response subscribed = gateway.post("/v1/billing/subscribe", user, "{\"plan\": \"" + slug + "\", \"network\": \"fiat\"}", "Idempotency-Key", "u-1");
        String subscriptionId = subscribed.json().get("subscriptionId").getStringValue();

        TestingGateway.Response someoneElse = gateway.post("/v1/billing/unsubscribe", TestingGateway.token("intruder"), "{\"subscriptionId\": \"" + subscriptionId + "\"}");
        assertThat(someoneElse.status()).isEqualTo(404);

        TestingGateway.Response unsubscribed = gateway.post("/v1/billing/unsubscribe", user, "{\"subscriptionId\": \"" + subscriptionId + "\"}");
        assertThat(unsubscribed.status()).as(unsubscribed.body()).isEqualTo(200);
        assertThat(unsubscribed.json().get("status").getStringValue()).isEqualTo("cancelled");
        assertThat(gateway.get("/v1/billing/me/subscriptions", user).json().get(0).get("status").getStringValue()).isEqualTo("cancelled");
    }

    private List<String> catalogSlugs() {
        List<String> slugs = new ArrayList<>();
        gateway.get("/v1/billing/plans", null).json().values().forEach(plan -> slugs.add(plan.get("slug").getStringValue()));
        return slugs;
    }

    private String catalogPrice(String slug) {
        return gateway.get("/v1/billing/plans/" + slug, null).json().get("supportedChains").get(0).get("price").getStringValue();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.values().forEach(value -> values.add(value.getStringValue()));
        return values;
    }
}

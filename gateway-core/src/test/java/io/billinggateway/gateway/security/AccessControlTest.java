package io.billinggateway.gateway.security;

import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every admin, overview and user endpoint against every caller: no credentials, a plain user, each staff role,
 * a token signed with the wrong key, and the service token (which only {@code /internal/**} accepts).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlTest {
    private TestingDatabase database;
    private TestingGateway gateway;
    private String planId;

    enum Caller { ANONYMOUS, USER, BILLING_ADMIN, SUPPORT, FINANCE_OPS, FORGED_ADMIN, TOKEN_CLAIMING_SERVICE, SERVICE_TOKEN }

    @BeforeAll
    void start() throws Exception {
        Path home = Files.createTempDirectory("access-control");
        database = TestingDatabase.h2();
        gateway = TestingGateway.start(database, home, Map.of());
        TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", TestingGateway.token("admin", Roles.BILLING_ADMIN), """
                {"slug": "acl-plan", "name": "ACL", "billingPeriod": "P30D", "prices": [{"network": "fiat", "asset": "USD", "amount": "100"}]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        planId = created.json().get("id").getStringValue();
    }

    @AfterAll
    void stop() {
        gateway.close();
        database.close();
    }

    record Endpoint(String method, String path, String body, Set<Caller> allowed) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    List<Endpoint> endpoints() {
        Set<Caller> adminOnly = Set.of(Caller.BILLING_ADMIN);
        Set<Caller> adminOrSupport = Set.of(Caller.BILLING_ADMIN, Caller.SUPPORT);
        Set<Caller> overview = Set.of(Caller.FINANCE_OPS, Caller.SUPPORT, Caller.BILLING_ADMIN);
        Set<Caller> anyUser = Set.of(Caller.USER, Caller.BILLING_ADMIN, Caller.SUPPORT, Caller.FINANCE_OPS, Caller.TOKEN_CLAIMING_SERVICE);
        Set<Caller> service = Set.of(Caller.SERVICE_TOKEN);
        String plan = "/v1/billing/admin/plans/" + planId;
        return List.of(
                new Endpoint("GET", "/v1/billing/admin/plans", null, adminOrSupport),
                new Endpoint("POST", "/v1/billing/admin/plans", "{\"slug\": \"x\", \"name\": \"\", \"prices\": []}", adminOnly),
                new Endpoint("GET", plan, null, adminOrSupport),
                new Endpoint("GET", plan + "/audit", null, adminOrSupport),
                new Endpoint("PATCH", plan, "{\"description\": \"changed\"}", adminOnly),
                new Endpoint("POST", plan + "/freeze", "", adminOnly),
                new Endpoint("POST", plan + "/unfreeze", "", adminOnly),
                new Endpoint("POST", plan + "/register", "", adminOnly),
                new Endpoint("POST", "/v1/billing/admin/plans/no-such-plan/archive", "", adminOnly),
                new Endpoint("DELETE", "/v1/billing/admin/plans/no-such-plan", null, adminOnly),
                new Endpoint("GET", "/v1/billing/admin/plans/acl-plan", null, adminOrSupport),
                new Endpoint("GET", "/v1/billing/overview/summary", null, overview),
                new Endpoint("GET", "/v1/billing/me/history", null, anyUser),
                new Endpoint("GET", "/v1/billing/me/subscriptions", null, anyUser),
                new Endpoint("POST", "/v1/billing/unsubscribe", "{}", anyUser),
                new Endpoint("POST", "/v1/billing/checkout", "{}", anyUser),
                new Endpoint("POST", "/v1/billing/subscribe", "{}", anyUser),
                new Endpoint("POST", "/v1/billing/admin/payments/" + java.util.UUID.randomUUID() + "/refunds", "{}", adminOnly),
                new Endpoint("POST", "/v1/billing/admin/payments/" + java.util.UUID.randomUUID() + "/corrections", "{}", adminOnly),
                new Endpoint("POST", "/v1/billing/admin/subscriptions/" + java.util.UUID.randomUUID() + "/cancel", "{}", adminOnly),
                new Endpoint("POST", "/v1/billing/admin/subscriptions/" + java.util.UUID.randomUUID() + "/retry", "{}", adminOnly),
                new Endpoint("GET", "/v1/billing/admin/payments", null, adminOrSupport),
                new Endpoint("GET", "/v1/billing/admin/payments?format=csv", null, adminOrSupport),
                new Endpoint("GET", "/v1/billing/admin/payments/" + java.util.UUID.randomUUID(), null, adminOrSupport),
                new Endpoint("GET", "/v1/billing/admin/subscriptions", null, adminOrSupport),
                new Endpoint("GET", "/v1/billing/admin/subscriptions/" + java.util.UUID.randomUUID(), null, adminOrSupport),
                new Endpoint("GET", "/internal/billing/dues", null, service),
                new Endpoint("POST", "/internal/billing/charge", "{\"network\": \"fiat\", \"dryRun\": true}", service));
    }

    Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (Caller caller : Caller.values()) {
                cases.add(Arguments.of(endpoint, caller));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void onlyAllowedCallersGetThrough(Endpoint endpoint, Caller caller) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.url(endpoint.path())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(endpoint.method(), endpoint.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(endpoint.body()));
        switch (caller) {
            case ANONYMOUS -> { }
            case USER -> request.header("Authorization", "Bearer " + TestingGateway.token("user-1"));
            case BILLING_ADMIN -> request.header("Authorization", "Bearer " + TestingGateway.token("admin-1", Roles.BILLING_ADMIN));
            case SUPPORT -> request.header("Authorization", "Bearer " + TestingGateway.token("support-1", Roles.SUPPORT));
            case FINANCE_OPS -> request.header("Authorization", "Bearer " + TestingGateway.token("finance-1", Roles.FINANCE_OPS));
            case FORGED_ADMIN -> request.header("Authorization", "Bearer " + TokenCommand.sign("another-secret-of-at-least-thirty-two-chars",
                    "mallory", List.of(Roles.BILLING_ADMIN), Duration.ofHours(1), java.time.Instant.now()));
            case TOKEN_CLAIMING_SERVICE -> request.header("Authorization", "Bearer " + TestingGateway.token("sneaky-1", Roles.SERVICE));
            case SERVICE_TOKEN -> request.header("X-Service-Token", TestingGateway.SERVICE_TOKEN);
        }

        TestingGateway.Response response = gateway.send(request.build());

        if (endpoint.allowed().contains(caller)) {
            assertThat(response.status()).as("%s as %s: %s", endpoint, caller, response.body()).isNotIn(401, 403);
        }
        else {
            int expected = caller == Caller.ANONYMOUS || caller == Caller.FORGED_ADMIN || caller == Caller.SERVICE_TOKEN ? 401 : 403;
            assertThat(response.status()).as("%s as %s: %s", endpoint, caller, response.body()).isEqualTo(expected);
            assertThat(response.header("Content-Type")).as("problem JSON").startsWith("application/problem+json");
        }
    }
}

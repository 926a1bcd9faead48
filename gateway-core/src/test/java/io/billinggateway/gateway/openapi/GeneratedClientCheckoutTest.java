package io.billinggateway.gateway.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.billinggateway.client.ApiClient;
import io.billinggateway.client.ApiException;
import io.billinggateway.client.api.AdminApi;
import io.billinggateway.client.api.CatalogApi;
import io.billinggateway.client.api.CheckoutApi;
import io.billinggateway.client.api.MeApi;
import io.billinggateway.client.model.AdminPlan;
import io.billinggateway.client.model.CheckoutBody;
import io.billinggateway.client.model.CheckoutResponse;
import io.billinggateway.client.model.CreatePlan;
import io.billinggateway.client.model.Price;
import io.billinggateway.client.model.Problem;
import io.billinggateway.client.model.SubscriptionView;
import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.MockFiatPayer;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A Java client that openapi-generator built from the served document (gateway-core's generate-test-sources) buys a
 * subscription end to end: the document describes the API well enough for a machine to use it, request and response
 * shapes included. An admin creates the plan, the user subscribes and pays on the mock PSP's page, and reads the
 * active subscription back, all through the generated classes; a refused request arrives as the documented problem.
 */
class GeneratedClientCheckoutTest {
    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    void aGeneratedClientSubscribesPaysAndReadsTheSubscriptionBack(String databaseKind) throws ApiException {
        try (TestingDatabase database = databaseKind.equals("postgres") ? TestingDatabase.postgres() : TestingDatabase.h2();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            String slug = "client-pro-" + UUID.randomUUID().toString().substring(0, 8);
            AdminPlan plan = new AdminApi(client(gateway, TestingGateway.token("admin-1", "billing_admin"))).createPlan(new CreatePlan()
                    .slug(slug).name("Pro through the generated client").billingPeriod("P30D")
                    .prices(List.of(new Price().network("fiat").asset("USD").amount("1999"))));
            assertThat(plan.getStatus()).isEqualTo("ACTIVE");
            assertThat(new CatalogApi(client(gateway, null)).plan(slug).getSupportedChains())
                    .singleElement().satisfies(chain -> assertThat(chain.getPrice()).isEqualTo("1999"));

            ApiClient user = client(gateway, TestingGateway.token("user-" + UUID.randomUUID()));
            CheckoutResponse subscribed = new CheckoutApi(user).subscribe("client-subscribe-1", new CheckoutBody().plan(slug).network("fiat"));
            assertThat(subscribed.getStatus()).isEqualTo("pending");
            assertThat(subscribed.getSubscriptionId()).isNotNull();
            assertThat(subscribed.getPayload().getType()).isEqualTo("redirect");

            assertThat(MockFiatPayer.pay(subscribed.getPayload().getUrl(), MockFiatPayer.SUCCESS_CARD)).isEqualTo(200);

            MeApi me = new MeApi(user);
            List<SubscriptionView> subscriptions = Eventually.await("the subscription to be activated by the PSP's webhook", Duration.ofSeconds(20),
                    () -> subscriptionsOf(me), found -> found.size() == 1 && "active".equals(found.getFirst().getStatus()));
            SubscriptionView subscription = subscriptions.getFirst();
            assertThat(subscription.getId()).isEqualTo(subscribed.getSubscriptionId());
            assertThat(subscription.getPlanId()).isEqualTo(plan.getId());
            assertThat(subscription.getAmount()).isEqualTo("1999");
            assertThat(subscription.getNextChargeAt()).isAfter(subscription.getCurrentPeriodStart());

            ApiException refused = catchThrowableOfType(ApiException.class,
                    () -> new CheckoutApi(user).subscribe("client-subscribe-2", new CheckoutBody().plan("no-such-plan").network("fiat")));
            assertThat(refused.getCode()).as(refused.getResponseBody()).isEqualTo(404);
            assertThat(refused.getResponseHeaders().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            Problem problem = parse(refused.getResponseBody());
            assertThat(problem.getCode()).isEqualTo("NOT_FOUND");
            assertThat(problem.getDetail()).contains("no-such-plan");
        }
    }

    private static List<SubscriptionView> subscriptionsOf(MeApi me) {
        try {
            return me.subscriptions();
        }
        catch (ApiException e) {
            throw new AssertionError("GET /v1/billing/me/subscriptions answered " + e.getCode() + ": " + e.getResponseBody(), e);
        }
    }

    private static Problem parse(String body) {
        try {
            return new ObjectMapper().readValue(body, Problem.class);
        }
        catch (java.io.IOException e) {
            throw new AssertionError("not a problem document: " + body, e);
        }
    }

    /** A client of the test gateway; with a token, every request carries it as the bearer credential. */
    private static ApiClient client(TestingGateway gateway, String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(gateway.url("").toString().replaceFirst("/$", ""));
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }
}

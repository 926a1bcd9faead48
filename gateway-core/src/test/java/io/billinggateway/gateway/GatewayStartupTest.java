package io.billinggateway.gateway;

import io.billinggateway.gateway.charge.ChargeLanes;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.billinggateway.router.ProviderRouter;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the providers start: their default webhook URL carries the gateway's port, which with {@code BILLING_PORT=0}
 * exists only once the server has bound.
 */
class GatewayStartupTest {
    @TempDir
    Path home;

    @Test
    void withAConfiguredPortTheNetworksStartWithTheContextBeforeTheServerBinds() {
        // The server never starts here, so port 1 is only a number in the webhook URL.
        try (TestingDatabase database = TestingDatabase.h2();
             ApplicationContext context = start(database, Map.of("micronaut.server.port", 1))) {
            assertThat(context.getActiveBeanRegistrations(ProviderRouter.class)).hasSize(1);
            assertThat(context.getActiveBeanRegistrations(ChargeLanes.class)).hasSize(1);
            assertThat(webhookUrl(context)).isEqualTo("http://localhost:1/v1/billing/networks/fiat/webhook");
        }
    }

    @Test
    void withPortZeroTheNetworksStartOnceTheServerHasBoundAndTheirWebhookUrlCarriesThePort() {
        try (TestingDatabase database = TestingDatabase.h2();
             ApplicationContext context = start(database, Map.of())) {
            assertThat(context.getActiveBeanRegistrations(ProviderRouter.class)).as("no port yet, so no provider").isEmpty();
            assertThat(context.getBean(ListeningPort.class).port()).isEmpty();

            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();

            assertThat(context.getActiveBeanRegistrations(ProviderRouter.class)).hasSize(1);
            assertThat(context.getActiveBeanRegistrations(ChargeLanes.class)).hasSize(1);
            assertThat(context.getBean(ListeningPort.class).port()).hasValue(server.getPort());
            assertThat(webhookUrl(context)).isEqualTo("http://localhost:" + server.getPort() + "/v1/billing/networks/fiat/webhook");
        }
    }

    private ApplicationContext start(TestingDatabase database, Map<String, Object> overrides) {
        return ApplicationContext.builder().properties(TestingGateway.properties(database, home, overrides)).environments("test").start();
    }

    /** As the mock PSP reports it: where it sends its webhooks. */
    private static String webhookUrl(ApplicationContext context) {
        return context.getBean(ProviderRouter.class).resolve("fiat").provider().health().details().get("webhook-url");
    }
}

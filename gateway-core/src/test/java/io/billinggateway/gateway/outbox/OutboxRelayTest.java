package io.billinggateway.gateway.outbox;

import io.billinggateway.gateway.testing.Eventually;
import io.billinggateway.gateway.testing.NodeTools;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.billinggateway.gateway.testing.WebhookCapture;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Domain events leave the gateway at least once, signed so that the reference Standard Webhooks library verifies them. */
class OutboxRelayTest {
    private static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("outbox-relay-test-secret-32-bytes!".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path home;

    @Test
    void eventsAreDeliveredSignedRetriedAndVerifiedByTheReferenceLibrary() throws Exception {
        Path secretFile = Files.writeString(home.resolve("outbox-secret"), SECRET);
        try (WebhookCapture receiver = new WebhookCapture(2);
             TestingDatabase database = TestingDatabase.postgres();
             TestingGateway gateway = TestingGateway.start(database, home, Map.of(
                     "billing.outbox.relay-interval", "100ms",
                     "billing.outbox.endpoints.analytics.url", receiver.url().toString(),
                     "billing.outbox.endpoints.analytics.secret", "file:" + secretFile))) {
            TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", TestingGateway.token("admin", "billing_admin"), """
                    {"slug": "relayed", "name": "Relayed", "prices": [{"network": "fiat", "asset": "USD", "amount": "700"}]}""");
            assertThat(created.status()).as(created.body()).isEqualTo(201);

            Eventually.await("the plan event to be published after two failed deliveries", Duration.ofSeconds(30),
                    () -> database.count("SELECT COUNT(*) FROM billing_outbox WHERE published_at IS NOT NULL"), published -> published == 1);
            assertThat(database.count("SELECT attempts FROM billing_outbox_deliveries")).isEqualTo(3);

            List<WebhookCapture.Delivery> deliveries = receiver.deliveries();
            assertThat(deliveries).hasSize(3);
            assertThat(deliveries.stream().map(delivery -> delivery.headers().get("Webhook-id").getFirst()).distinct()).as("one id across retries").hasSize(1);

            JsonMapper json = gateway.context().getBean(JsonMapper.class);
            List<Map<String, Object>> forNode = new ArrayList<>();
            for (WebhookCapture.Delivery delivery : deliveries) {
                Map<String, String> headers = new LinkedHashMap<>();
                delivery.headers().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.getFirst()));
                forNode.add(Map.of("headers", headers, "body", new String(delivery.body(), StandardCharsets.UTF_8)));
            }
            Path input = home.resolve("deliveries.json");
            Files.writeString(input, json.writeValueAsString(Map.of("secret", SECRET, "deliveries", forNode)));

            NodeTools.Run verified = NodeTools.run("verify-standard-webhooks.mjs", input.toString());
            assertThat(verified.exitCode()).as(String.join("\n", verified.lines())).isZero();
            assertThat(verified.lines()).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("ok evt_").endsWith("billing.plan.changed.v1"));

            Files.writeString(input, json.writeValueAsString(Map.of("secret", "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
                    "deliveries", forNode.subList(0, 1))));
            assertThat(NodeTools.run("verify-standard-webhooks.mjs", input.toString()).exitCode()).as("a wrong secret does not verify").isEqualTo(1);
        }
    }
}

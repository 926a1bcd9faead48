package io.billinggateway.gateway.checkout;

import io.billinggateway.gateway.testing.FailingTrigger;
import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an {@code Idempotency-Key} stores, on PostgreSQL: nothing for a request refused before any provider was asked;
 * the request's fingerprint (and then its answer) once a provider may have been asked, so that the key never starts a
 * different checkout under the same {@code checkoutId}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckoutIdempotencyTest {
    private static final String BODY = "{\"plan\": \"report\", \"network\": \"fiat\"}";
    private static final String OTHER_BODY = "{\"plan\": \"report\", \"network\": \"fiat\", \"returnUrl\": \"https://shop.example/done\"}";

    private TestingDatabase database;
    private TestingGateway gateway;

    @BeforeAll
    void start(@TempDir Path home) {
        database = TestingDatabase.postgres();
        gateway = TestingGateway.start(database, home, Map.of());
        TestingGateway.Response created = gateway.post("/v1/billing/admin/plans", TestingGateway.token("admin", "billing_admin"), """
                {"slug": "report", "name": "One report", "prices": [{"network": "fiat", "asset": "USD", "amount": "500"}]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        gateway.close();
        database.close();
    }

    @Test
    void aRefusedCheckoutStoresNothingAndTheCorrectedRetryWithTheSameKeySucceeds() {
        String userId = "user-" + UUID.randomUUID();
        String user = TestingGateway.token(userId);

        assertThat(checkout(user, "{\"plan\": \"no-such-plan\", \"network\": \"fiat\"}", "k-1").status()).isEqualTo(404);
        assertThat(checkout(user, "{\"plan\": \"report\", \"network\": \"fiat\", \"returnUrl\": \"ftp://shop.example\"}", "k-1").status()).isEqualTo(400);
        assertThat(checkout(user, "{\"plan\": \"report\"}", "k-1").status()).isEqualTo(400);
        assertThat(gateway.post("/v1/billing/subscribe", user, BODY, "Idempotency-Key", "k-1").status()).as("a one-time plan").isEqualTo(400);
        assertThat(database.count("SELECT COUNT(*) FROM billing_idempotency_keys WHERE user_id = ?", userId)).isZero();
        assertThat(database.count("SELECT COUNT(*) FROM payment_transactions WHERE user_id = ?", userId)).isZero();

        TestingGateway.Response corrected = checkout(user, BODY, "k-1");
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
        assertThat(corrected.header("Idempotent-Replayed")).isEqualTo("false");
        TestingGateway.Response replayed = checkout(user, BODY, "k-1");
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.json().get("ledgerId").getStringValue()).isEqualTo(corrected.json().get("ledgerId").getStringValue());
    }

    @Test
    void aCheckoutTheProviderRefusedKeepsItsKeyForThatRequestOnly() {
        String userId = "user-" + UUID.randomUUID();
        String user = TestingGateway.token(userId);
        String priceRef = database.text("SELECT provider_plan_ref FROM billing_plan_signatures WHERE network = 'fiat'");

        TestingGateway.Response refused;
        try {
            // The PSP no longer knows the price the gateway has registered: it refuses the checkout.
            database.update("UPDATE billing_plan_signatures SET provider_plan_ref = 'price_unknown' WHERE network = 'fiat'");
            refused = checkout(user, BODY, "k-2");
        }
        finally {
            database.update("UPDATE billing_plan_signatures SET provider_plan_ref = ? WHERE network = 'fiat'", priceRef);
        }
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("detail").getStringValue()).contains("price_unknown");
        assertThat(database.text("SELECT status FROM payment_transactions WHERE user_id = ?", userId)).isEqualTo("failed");
        assertThat(database.text("SELECT failure_reason FROM payment_transactions WHERE user_id = ?", userId)).startsWith("INVALID_REQUEST: ");

        TestingGateway.Response replayed = checkout(user, BODY, "k-2");
        assertThat(replayed.status()).as("the refusal is the key's answer, even now that the PSP would accept").isEqualTo(400);
        assertThat(replayed.json().get("detail").getStringValue()).isEqualTo(refused.json().get("detail").getStringValue());
        TestingGateway.Response otherBody = checkout(user, OTHER_BODY, "k-2");
        assertThat(otherBody.status()).as(otherBody.body()).isEqualTo(422);
        assertThat(otherBody.json().get("code").getStringValue()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(checkout(user, BODY, "k-3").status()).as("a new key starts a new checkout").isEqualTo(201);
    }

    @Test
    void aCheckoutTheGatewayCouldNotRecordIsCompletedByTheSameRequestOnly() {
        String userId = "user-" + UUID.randomUUID();
        String user = TestingGateway.token(userId);

        TestingGateway.Response unrecorded;
        try (FailingTrigger ignored = FailingTrigger.onUpdate(database, "payment_transactions",
                "OLD.user_id = '" + userId + "' AND NEW.provider_reference IS NOT NULL")) {
            unrecorded = checkout(user, BODY, "k-4");
        }
        assertThat(unrecorded.status()).as(unrecorded.body()).isEqualTo(500);
        assertThat(unrecorded.json().get("detail").getStringValue()).contains("same Idempotency-Key");
        assertThat(database.text("SELECT status FROM payment_transactions WHERE user_id = ?", userId)).as("the intent stays").isEqualTo("pending");
        assertThat(database.text("SELECT last_error FROM billing_idempotency_keys WHERE user_id = ?", userId))
                .startsWith("the provider answered with reference cs_").contains("recording its answer failed");

        assertThat(checkout(user, OTHER_BODY, "k-4").status()).as("the provider has seen this key's checkoutId").isEqualTo(422);
        TestingGateway.Response completed = checkout(user, BODY, "k-4");
        assertThat(completed.status()).as(completed.body()).isEqualTo(201);
        assertThat(database.text("SELECT provider_reference FROM payment_transactions WHERE user_id = ?", userId)).startsWith("cs_");
        assertThat(database.text("SELECT last_error FROM billing_idempotency_keys WHERE user_id = ?", userId)).isNull();
        assertThat(database.count("SELECT COUNT(*) FROM payment_transactions WHERE user_id = ?", userId)).isEqualTo(1);
    }

    private TestingGateway.Response checkout(String user, String body, String key) {
        return gateway.post("/v1/billing/checkout", user, body, "Idempotency-Key", key);
    }
}

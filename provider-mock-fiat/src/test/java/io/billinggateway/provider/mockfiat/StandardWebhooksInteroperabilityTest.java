package io.billinggateway.provider.mockfiat;

import io.billinggateway.provider.mockfiat.json.Json;
import io.billinggateway.provider.mockfiat.json.JsonObject;
import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingEvent.PaymentConfirmed;
import io.billinggateway.spi.BillingEvent.SubscriptionActivated;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.InboundWebhook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider's webhooks against an independent implementation of the Standard Webhooks specification
 * ({@link StandardWebhooksReference}), with the secret the PSP generated itself.
 */
class StandardWebhooksInteroperabilityTest {
    /** The example of the specification's reference libraries: secret, message id, timestamp, body and the signature they compute. */
    private static final String SPECIFICATION_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPECIFICATION_MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPECIFICATION_TIMESTAMP = 1614265330;
    private static final String SPECIFICATION_BODY = "{\"test\": 2432232314}";
    private static final String SPECIFICATION_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @TempDir
    Path dataDirectory;

    private TestingMockFiat fiat;

    @BeforeEach
    void start() throws IOException {
        fiat = TestingMockFiat.start(dataDirectory);
    }

    @AfterEach
    void stop() {
        fiat.close();
    }

    @Test
    void referenceImplementationReproducesTheSpecificationExample() {
        assertThat(StandardWebhooksReference.sign(SPECIFICATION_SECRET, SPECIFICATION_MESSAGE_ID, SPECIFICATION_TIMESTAMP, SPECIFICATION_BODY))
                .isEqualTo(SPECIFICATION_SIGNATURE);
    }

    @Test
    void generatedSecretHasTheStandardFormAndIsKeptInTheDataDirectory() throws IOException {
        String secret = generatedSecret();

        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSizeBetween(24, 64);
    }

    @Test
    void everyDeliveryVerifiesWithTheReferenceImplementation() throws IOException {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.SUBSCRIPTION, fiat.registerMonthlyPlan());
        fiat.payer.pay(checkout);
        fiat.awaitEvent(PaymentConfirmed.class, event -> event.providerReference().equals(checkout.providerReference()));
        fiat.awaitEvent(SubscriptionActivated.class, event -> event.providerReference().equals(checkout.providerReference()));
        String secret = generatedSecret();

        List<InboundWebhook> deliveries = fiat.receiver().deliveries();

        assertThat(deliveries).hasSize(2);
        for (InboundWebhook delivery : deliveries) {
            assertThat(StandardWebhooksReference.verifies(secret, delivery, fiat.clock.instant(), Duration.ofMinutes(5)))
                    .as("delivery %s verifies with an independent implementation", delivery.header("webhook-id"))
                    .isTrue();
            assertThat(StandardWebhooksReference.verifies("whsec_" + "A".repeat(32), delivery, fiat.clock.instant(), Duration.ofMinutes(5)))
                    .as("and not with another secret")
                    .isFalse();
        }
        assertThat(deliveries).extracting(delivery -> delivery.header("webhook-id").orElseThrow()).doesNotHaveDuplicates();
    }

    @Test
    void bodyHasTheStandardEnvelopeWithAmountsAsStrings() {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());
        String paymentRef = fiat.payer.pay(checkout).json().string("paymentRef");

        JsonObject body = Json.parseObject(TestingMockFiat.body(fiat.awaitDelivery(event -> event instanceof PaymentConfirmed)));

        assertThat(body.members().keySet()).containsExactly("type", "timestamp", "data");
        assertThat(body.string("type")).isEqualTo("payment.succeeded");
        assertThat(Instant.parse(body.string("timestamp"))).isEqualTo(TestingMockFiat.START);
        assertThat(body.object("data").members()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "checkoutSession", checkout.providerReference(),
                "payment", paymentRef,
                "amount", "1999",
                "currency", "USD"));
    }

    @Test
    void providerAcceptsAWebhookSignedByTheReferenceImplementation() throws IOException {
        String body = "{\"type\":\"payment.succeeded\",\"timestamp\":\"2030-01-01T00:00:00Z\",\"data\":"
                + "{\"checkoutSession\":\"cs_1\",\"payment\":\"pay_1\",\"amount\":\"1999\",\"currency\":\"USD\"}}";
        long timestamp = TestingMockFiat.START.getEpochSecond();
        InboundWebhook webhook = WebhookSignatureTest.signed(generatedSecret(), "msg_reference", timestamp, body, TestingMockFiat.START);

        List<BillingEvent> events = fiat.provider().parseWebhook(webhook);

        assertThat(events).containsExactly(new PaymentConfirmed("msg_reference", TestingMockFiat.START, "cs_1", "pay_1", TestingMockFiat.PRICE));
    }

    private String generatedSecret() throws IOException {
        return Files.readString(dataDirectory.resolve(MockFiatBillingProvider.WEBHOOK_SECRET_FILE), StandardCharsets.US_ASCII).strip();
    }
}

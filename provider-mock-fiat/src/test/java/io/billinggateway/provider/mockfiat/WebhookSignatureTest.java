package io.billinggateway.provider.mockfiat;

import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingEvent.PaymentConfirmed;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.InboundWebhook;
import io.billinggateway.spi.Secret;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignatureTest {
    static final String SECRET = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String OTHER_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path dataDirectory;

    private TestingMockFiat fiat;
    private InboundWebhook genuine;

    @BeforeEach
    void start() throws IOException {
        fiat = TestingMockFiat.start(dataDirectory, Map.of(), Map.of("webhook-secret", new Secret("env:FIAT_WEBHOOK_SECRET", SECRET.getBytes(StandardCharsets.UTF_8))));
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());
        fiat.payer.pay(checkout);
        genuine = fiat.awaitDelivery(event -> event instanceof PaymentConfirmed);
    }

    @AfterEach
    void stop() {
        fiat.close();
    }

    @Test
    void genuineDeliveryIsAcceptedAndIdentifiedByItsWebhookId() {
        List<BillingEvent> events = fiat.provider().parseWebhook(genuine);

        assertThat(genuine.header("webhook-id")).hasValueSatisfying(id -> assertThat(id).startsWith("msg_"));
        assertThat(genuine.header("webhook-signature")).hasValueSatisfying(signature -> assertThat(signature).startsWith("v1,"));
        assertThat(genuine.header("content-type")).contains("application/json");
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.eventId()).isEqualTo(genuine.header("webhook-id").orElseThrow());
            assertThat(event.occurredAt()).isEqualTo(TestingMockFiat.START);
        });
        assertThat(fiat.provider().parseWebhook(genuine)).as("parsing a redelivery again gives the same event").isEqualTo(events);
    }

    @Test
    void tamperedBodyIsRejected() {
        String body = TestingMockFiat.body(genuine).replace("\"1999\"", "\"1\"");
        assertThat(body).isNotEqualTo(TestingMockFiat.body(genuine));

        expectSignatureInvalid(() -> fiat.provider().parseWebhook(new InboundWebhook(genuine.headers(), body.getBytes(StandardCharsets.UTF_8), genuine.receivedAt())))
                .hasMessageContaining("no v1 signature");
    }

    @Test
    void deliverySignedWithAnotherSecretIsRejected() {
        InboundWebhook forged = signed(OTHER_SECRET, "msg_forged", TestingMockFiat.START.getEpochSecond(), TestingMockFiat.body(genuine), TestingMockFiat.START);

        expectSignatureInvalid(() -> fiat.provider().parseWebhook(forged));
    }

    @Test
    void changedWebhookIdOrTimestampBreaksTheSignature() {
        Map<String, List<String>> otherId = new HashMap<>(genuine.headers());
        otherId.put("webhook-id", List.of("msg_other"));
        Map<String, List<String>> otherTimestamp = new HashMap<>(genuine.headers());
        otherTimestamp.put("webhook-timestamp", List.of(Long.toString(TestingMockFiat.START.getEpochSecond() + 1)));

        expectSignatureInvalid(() -> fiat.provider().parseWebhook(new InboundWebhook(otherId, genuine.body(), genuine.receivedAt())));
        expectSignatureInvalid(() -> fiat.provider().parseWebhook(new InboundWebhook(otherTimestamp, genuine.body(), genuine.receivedAt())));
    }

    @Test
    void staleOrFutureTimestampIsRejectedAsAReplay() {
        Instant sentAt = TestingMockFiat.START;
        String body = TestingMockFiat.body(genuine);
        InboundWebhook withinTolerance = signed(SECRET, "msg_1", sentAt.getEpochSecond(), body, sentAt.plus(Duration.ofMinutes(5)));
        InboundWebhook replayed = signed(SECRET, "msg_1", sentAt.getEpochSecond(), body, sentAt.plus(Duration.ofMinutes(5)).plusSeconds(1));
        InboundWebhook fromTheFuture = signed(SECRET, "msg_1", sentAt.plus(Duration.ofMinutes(6)).getEpochSecond(), body, sentAt);

        assertThat(fiat.provider().parseWebhook(withinTolerance)).hasSize(1);
        expectSignatureInvalid(() -> fiat.provider().parseWebhook(replayed)).hasMessageContaining("tolerance of PT5M");
        expectSignatureInvalid(() -> fiat.provider().parseWebhook(fromTheFuture)).hasMessageContaining("tolerance of PT5M");
    }

    @Test
    void genuineDeliveryReplayedLaterIsRejected() {
        fiat.advanceClock(Duration.ofMinutes(6));
        InboundWebhook replay = new InboundWebhook(genuine.headers(), genuine.body(), fiat.clock.instant());

        expectSignatureInvalid(() -> fiat.provider().parseWebhook(replay)).hasMessageContaining("replay");
    }

    @Test
    void arrivalClaimedInTheFutureIsRejected() {
        Instant future = TestingMockFiat.START.plus(Duration.ofHours(1));
        InboundWebhook claimed = signed(SECRET, "msg_1", future.getEpochSecond(), TestingMockFiat.body(genuine), future);

        expectSignatureInvalid(() -> fiat.provider().parseWebhook(claimed)).hasMessageContaining("after now");
    }

    @Test
    void everyMissingHeaderIsRejectedByName() {
        for (String header : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            Map<String, List<String>> headers = new HashMap<>(genuine.headers());
            headers.remove(header);

            expectSignatureInvalid(() -> fiat.provider().parseWebhook(new InboundWebhook(headers, genuine.body(), genuine.receivedAt())))
                    .hasMessageContaining("'" + header + "'");
        }
    }

    @Test
    void malformedTimestampIsRejected() {
        Map<String, List<String>> headers = new HashMap<>(genuine.headers());
        headers.put("webhook-timestamp", List.of("2030-01-01T00:00:00Z"));

        expectSignatureInvalid(() -> fiat.provider().parseWebhook(new InboundWebhook(headers, genuine.body(), genuine.receivedAt())))
                .hasMessageContaining("whole seconds");
    }

    @Test
    void anyOfSeveralSignaturesMayMatch() {
        String genuineSignature = genuine.header("webhook-signature").orElseThrow();
        String otherSignature = StandardWebhooksReference.sign(OTHER_SECRET, genuine.header("webhook-id").orElseThrow(),
                Long.parseLong(genuine.header("webhook-timestamp").orElseThrow()), TestingMockFiat.body(genuine));

        assertThat(fiat.provider().parseWebhook(withSignature(otherSignature + " " + genuineSignature))).hasSize(1);
        assertThat(fiat.provider().parseWebhook(withSignature("v1a,c29tZXRoaW5nIGVsc2U= " + genuineSignature))).hasSize(1);
        expectSignatureInvalid(() -> fiat.provider().parseWebhook(withSignature(otherSignature)));
        expectSignatureInvalid(() -> fiat.provider().parseWebhook(withSignature(genuineSignature.replace("v1,", "v2,"))));
        expectSignatureInvalid(() -> fiat.provider().parseWebhook(withSignature("v1,not*base64")));
    }

    @Test
    void rejectionsNeverRevealTheSecret() {
        String key = SECRET.substring("whsec_".length());
        List<InboundWebhook> rejected = List.of(
                withSignature("v1,AAAA"),
                signed(OTHER_SECRET, "msg_1", TestingMockFiat.START.getEpochSecond(), "{}", TestingMockFiat.START),
                new InboundWebhook(Map.of(), genuine.body(), genuine.receivedAt()));
        for (InboundWebhook webhook : rejected) {
            assertThatThrownBy(() -> fiat.provider().parseWebhook(webhook))
                    .isInstanceOf(BillingException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key).doesNotContain(genuine.header("webhook-signature").orElseThrow()));
        }
    }

    @Test
    void signedEventOfAnUnknownTypeYieldsNoEvents() {
        String body = "{\"type\":\"dispute.created\",\"timestamp\":\"2030-01-01T00:00:00Z\",\"data\":{}}";

        assertThat(fiat.provider().parseWebhook(signed(SECRET, "msg_2", TestingMockFiat.START.getEpochSecond(), body, TestingMockFiat.START))).isEmpty();
    }

    @Test
    void signedButMalformedBodyIsAnInvalidRequest() {
        InboundWebhook malformed = signed(SECRET, "msg_3", TestingMockFiat.START.getEpochSecond(), "{\"type\":\"payment.succeeded\"}", TestingMockFiat.START);

        assertThatThrownBy(() -> fiat.provider().parseWebhook(malformed))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("msg_3");
    }

    @Test
    void toleranceIsConfigurable(@TempDir Path otherDirectory) throws IOException {
        try (TestingMockFiat strict = TestingMockFiat.start(otherDirectory, Map.of("webhook-tolerance", "30s"),
                Map.of("webhook-secret", new Secret("env:X", SECRET.getBytes(StandardCharsets.UTF_8))))) {
            long sent = TestingMockFiat.START.getEpochSecond();
            String body = TestingMockFiat.body(genuine);

            assertThat(strict.provider().parseWebhook(signed(SECRET, "msg_4", sent, body, TestingMockFiat.START.plusSeconds(30)))).hasSize(1);
            assertThatThrownBy(() -> strict.provider().parseWebhook(signed(SECRET, "msg_4", sent, body, TestingMockFiat.START.plusSeconds(31))))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
        }
    }

    static InboundWebhook signed(String secret, String messageId, long timestamp, String body, Instant receivedAt) {
        return new InboundWebhook(Map.of(
                "webhook-id", List.of(messageId),
                "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(StandardWebhooksReference.sign(secret, messageId, timestamp, body))),
                body.getBytes(StandardCharsets.UTF_8), receivedAt);
    }

    private InboundWebhook withSignature(String signature) {
        Map<String, List<String>> headers = new HashMap<>(genuine.headers());
        headers.put("webhook-signature", List.of(signature));
        return new InboundWebhook(headers, genuine.body(), genuine.receivedAt());
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> expectSignatureInvalid(ThrowableAssert.ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
    }
}

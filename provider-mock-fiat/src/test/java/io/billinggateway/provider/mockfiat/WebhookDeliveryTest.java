package io.billinggateway.provider.mockfiat;

import io.billinggateway.spi.BillingEvent.PaymentConfirmed;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.InboundWebhook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookDeliveryTest {
    @TempDir
    Path dataDirectory;

    @Test
    void failedDeliveryIsRetriedWithTheSameWebhookId() throws IOException {
        try (TestingMockFiat fiat = TestingMockFiat.start(dataDirectory)) {
            fiat.receiver().failNext(2, 500);
            CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());
            fiat.payer.pay(checkout);

            InboundWebhook delivered = fiat.awaitDelivery(event -> event instanceof PaymentConfirmed);

            assertThat(fiat.receiver().refusedCount()).isEqualTo(2);
            List<InboundWebhook> attempts = fiat.receiver().attempts();
            assertThat(attempts).hasSize(3);
            assertThat(attempts).extracting(attempt -> attempt.header("webhook-id").orElseThrow())
                    .containsOnly(delivered.header("webhook-id").orElseThrow());
            assertThat(attempts).extracting(TestingMockFiat::body).containsOnly(TestingMockFiat.body(delivered));
            assertThat(fiat.provider().parseWebhook(delivered)).hasSize(1);
            Eventually.await("the delivery to be recorded", () -> Optional.of(undelivered(fiat)).filter("0"::equals), () -> "health: " + fiat.provider().health());
        }
    }

    @Test
    void deliveryIsAbandonedAfterTheLastAttemptAndResumedByTheNextProvider() throws IOException {
        try (TestingMockFiat fiat = TestingMockFiat.start(dataDirectory, Map.of("webhook-max-attempts", "3"))) {
            fiat.receiver().failNext(Integer.MAX_VALUE, 503);
            CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());
            fiat.payer.pay(checkout);

            Eventually.await("the delivery to be given up", () -> Optional.of(fiat.provider().health().details().get("webhooks-abandoned")).filter("1"::equals),
                    () -> "attempts: " + fiat.receiver().attempts().size());
            assertThat(fiat.receiver().attempts()).hasSize(3);
            assertThat(undelivered(fiat)).isEqualTo("1");

            fiat.receiver().failNext(0, 200);
            fiat.restart();

            PaymentConfirmed confirmed = fiat.awaitEvent(PaymentConfirmed.class, event -> event.providerReference().equals(checkout.providerReference()));
            assertThat(confirmed.eventId()).isEqualTo(fiat.receiver().attempts().getFirst().header("webhook-id").orElseThrow());
        }
    }

    @Test
    void webhooksOwedWhenTheReceiverWasUnreachableAreDeliveredAfterARestart(@TempDir Path otherDirectory) throws IOException {
        CheckoutResult checkout;
        // Bound but never listening: connections are refused, and no other process can take the port meanwhile (a port
        // picked and released could be listened on by the time the webhook goes out).
        try (Socket refusing = new Socket()) {
            refusing.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (TestingMockFiat unreachable = TestingMockFiat.start(dataDirectory,
                    Map.of("webhook-url", "http://127.0.0.1:" + refusing.getLocalPort() + "/webhooks"))) {
                checkout = unreachable.checkout(CheckoutKind.ONE_TIME, unreachable.registerOneTimePlan());
                unreachable.payer.pay(checkout);
                assertThat(undelivered(unreachable)).isEqualTo("1");
            }
        }

        try (TestingMockFiat reachable = TestingMockFiat.start(dataDirectory)) {
            PaymentConfirmed confirmed = reachable.awaitEvent(PaymentConfirmed.class, event -> event.providerReference().equals(checkout.providerReference()));

            assertThat(confirmed.amount()).isEqualTo(TestingMockFiat.PRICE);
            Eventually.await("the outbox to empty", () -> Optional.of(undelivered(reachable)).filter("0"::equals), () -> "health: " + reachable.provider().health());
        }
    }

    @Test
    void healthReportsTheServerAndTheOutbox() throws IOException {
        try (TestingMockFiat fiat = TestingMockFiat.start(dataDirectory)) {
            HealthReport health = fiat.provider().health();

            assertThat(health.status()).isEqualTo(HealthReport.Status.UP);
            assertThat(health.latency()).isPresent();
            assertThat(health.details())
                    .containsEntry("base-url", fiat.baseUrl().toString().replaceAll("/$", ""))
                    .containsEntry("webhook-url", fiat.receiver().url().toString())
                    .containsEntry("webhooks-undelivered", "0")
                    .containsEntry("webhooks-abandoned", "0");
        }
    }

    private static String undelivered(TestingMockFiat fiat) {
        return fiat.provider().health().details().get("webhooks-undelivered");
    }
}

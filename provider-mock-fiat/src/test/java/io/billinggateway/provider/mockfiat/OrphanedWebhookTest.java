package io.billinggateway.provider.mockfiat;

import io.billinggateway.provider.mockfiat.ledger.Ledger;
import io.billinggateway.provider.mockfiat.ledger.OutboxMessage;
import io.billinggateway.provider.mockfiat.webhook.DeliveryPolicy;
import io.billinggateway.provider.mockfiat.webhook.WebhookSecret;
import io.billinggateway.provider.mockfiat.webhook.WebhookSender;
import io.billinggateway.spi.BillingEvent.PaymentConfirmed;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.InboundWebhook;
import io.billinggateway.spi.ProviderMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A webhook whose process stopped or died before delivering it is delivered by another process on the same data
 * directory, without waiting for a restart.
 */
class OrphanedWebhookTest {
    private static final Duration SWEEP_INTERVAL = Duration.ofMillis(50);
    private static final System.Logger LOGGER = System.getLogger(OrphanedWebhookTest.class.getName());

    @TempDir
    Path dataDirectory;

    @Test
    void webhookLeftUndeliveredByAStoppedProviderIsSentByARunningOne() throws IOException {
        try (TestingMockFiat fiat = TestingMockFiat.start(dataDirectory, Map.of("webhook-max-attempts", "1"));
                BillingProvider running = MockFiatBillingProvider.start(fiat.config(), MockFiatSettings.from(fiat.config()), fiat.context(), SWEEP_INTERVAL)) {
            fiat.receiver().failNext(1, 503);
            CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());
            assertThat(fiat.payer.pay(checkout).status()).isEqualTo(200);
            Eventually.await("the only attempt of the provider that queued the webhook to fail",
                    () -> Optional.of(fiat.provider().health().details().get("webhooks-abandoned")).filter("1"::equals),
                    () -> "attempts: " + fiat.receiver().attempts().size());
            fiat.provider().close();

            fiat.clock.advance(MockFiatBillingProvider.ORPHANED_WEBHOOK_GRACE.plusMinutes(1));

            InboundWebhook delivered = Eventually.await("the running provider's sweep to deliver the webhook",
                    () -> fiat.receiver().deliveries().stream().filter(delivery -> confirms(running, delivery, checkout)).findFirst(),
                    () -> "attempts: " + fiat.receiver().attempts().size() + ", health: " + running.health());
            assertThat(delivered.header("webhook-id")).isEqualTo(fiat.receiver().attempts().getFirst().header("webhook-id"));
            Eventually.await("the delivery to be recorded", () -> Optional.of(running.health().details().get("webhooks-undelivered")).filter("0"::equals),
                    () -> "health: " + running.health());
        }
    }

    @Test
    void owedWebhookIsResumedOnlyAfterTheGraceAndOnlyWhenNotAlreadyBeingSent() throws IOException {
        TestingClock clock = new TestingClock(TestingMockFiat.START);
        Duration grace = MockFiatBillingProvider.ORPHANED_WEBHOOK_GRACE;
        DeliveryPolicy policy = new DeliveryPolicy(3, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(10));
        try (TestingWebhookReceiver receiver = TestingWebhookReceiver.start(clock);
                Ledger ledger = Ledger.open(dataDirectory, clock, LOGGER);
                WebhookSender sender = new WebhookSender(receiver.url(), WebhookSecret.generate(new SecureRandom()), ledger, clock, policy,
                        ProviderMetrics.noop(), LOGGER, "orphaned-webhook-test")) {
            // queued by another process, which this sender knows nothing of
            ledger.transact(transaction -> {
                transaction.put(OutboxMessage.pending("msg_orphan", "payment.succeeded", "{}", clock.instant()));
                return null;
            });

            assertThat(sender.resumeOverdue(grace)).as("young: the process that queued it may still be sending it").isEmpty();
            clock.advance(grace);
            assertThat(sender.resumeOverdue(grace)).containsExactly("msg_orphan");
            assertThat(sender.resumeOverdue(grace)).as("already being sent by this sender").isEmpty();

            Eventually.await("the delivery", () -> receiver.deliveries().stream().filter(delivery -> delivery.header("webhook-id").orElseThrow().equals("msg_orphan"))
                    .findFirst(), () -> "attempts: " + receiver.attempts().size());
            Eventually.await("the delivery to be recorded", () -> Optional.of(sender.undeliveredCount()).filter(count -> count == 0),
                    () -> "undelivered: " + sender.undeliveredCount());
            assertThat(receiver.deliveries()).hasSize(1);
        }
    }

    private static boolean confirms(BillingProvider provider, InboundWebhook delivery, CheckoutResult checkout) {
        return provider.parseWebhook(delivery).stream()
                .anyMatch(event -> event instanceof PaymentConfirmed confirmed && confirmed.providerReference().equals(checkout.providerReference()));
    }
}

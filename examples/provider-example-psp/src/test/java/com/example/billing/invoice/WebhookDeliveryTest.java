package com.example.billing.invoice;

import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.ChainId;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.InboundWebhook;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.ProviderMetrics;
import io.billinggateway.spi.RegisterPlanRequest;
import io.billinggateway.spi.Secret;
import io.billinggateway.tck.TestingClock;
import io.billinggateway.tck.TestingProviderContext;
import io.billinggateway.tck.WebhookReceiver;
import io.billinggateway.tck.fault.Fault;
import io.billinggateway.tck.fault.FaultInjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook sender over a flaky network, with the kit's seeded fault injection wrapped around its transport:
 * lost answers and transient failures are retried, so every event reaches the gateway (some twice, which the
 * gateway deduplicates by event id) and every delivery verifies.
 */
class WebhookDeliveryTest {
    private static final int PAYMENTS = 4;

    @TempDir
    Path data;

    @Test
    void everyEventArrivesDespiteLostAnswersAndTransientFailures() throws Exception {
        TestingClock clock = new TestingClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        FaultInjection faults = FaultInjection.seeded(7).first(new Fault.LostResponse()).lostResponses(20).retryableErrors(30).build();
        WebhookSender.Transport http = WebhookSender.http();
        WebhookSender.Transport flaky = (url, headers, body) -> faults.call("webhook delivery", () -> {
            try {
                return http.send(url, headers, body);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        WebhookSigner signer = new WebhookSigner(new Secret("env:TEST", InvoiceConformanceTest.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8)), Duration.ofMinutes(5));

        try (WebhookReceiver gateway = WebhookReceiver.start(clock)) {
            TestingProviderContext context = new TestingProviderContext(clock, reference -> {
                throw new AssertionError("no secret is resolved at run time");
            }, ProviderMetrics.noop(), "billing.provider.example-invoice.invoices", gateway.url(), data);
            List<String> expected = new ArrayList<>();
            try (InvoiceBillingProvider provider = InvoiceBillingProvider.start("invoices", ChainId.parse("invoice:sandbox"), "EUR", 0, Optional.empty(),
                    Duration.ofHours(1), signer, context, flaky)) {
                String price = provider.registerPlan(new RegisterPlanRequest(new PlanDefinition("book", "Book", Money.of(1500, "EUR"), Optional.empty(), 1)))
                        .providerPlanRef();
                for (int payment = 0; payment < PAYMENTS; payment++) {
                    CheckoutResult checkout = provider.checkout(new CheckoutRequest("checkout-" + payment, CheckoutKind.ONE_TIME, "alice", price,
                            Money.of(1500, "EUR"), Optional.empty(), Optional.empty(), Map.of()));
                    assertThat(provider.pay(checkout.providerReference())).isEqualTo(InvoiceBillingProvider.PageAnswer.DONE);
                }

                Set<String> received = new LinkedHashSet<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (received.size() < PAYMENTS && System.nanoTime() < deadline) {
                    received.clear();
                    for (InboundWebhook delivery : gateway.deliveries()) {
                        provider.parseWebhook(delivery).stream().map(BillingEvent::eventId).forEach(received::add);
                    }
                    Thread.sleep(50);
                }
                assertThat(received).as("event ids received despite the faults " + faults.log()).hasSize(PAYMENTS);
                assertThat(gateway.deliveries().size()).as("a lost answer makes the PSP deliver again").isGreaterThan(PAYMENTS);
            }
        }
    }
}

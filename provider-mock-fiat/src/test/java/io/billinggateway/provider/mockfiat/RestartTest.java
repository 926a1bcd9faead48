package io.billinggateway.provider.mockfiat;

import io.billinggateway.spi.BillingEvent.PaymentConfirmed;
import io.billinggateway.spi.BillingEvent.SubscriptionActivated;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.InboundWebhook;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.PlanStatus;
import io.billinggateway.spi.Refund;
import io.billinggateway.spi.RefundRequest;
import io.billinggateway.spi.RegisterPlanRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PSP keeps its books in the data directory: a new provider on the same directory continues where the old one stopped. */
class RestartTest {
    private static final String JOURNAL = "ledger.jsonl";

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
    void hostedPagesKeepTheirAddressAcrossARestartSoEarlierCheckoutLinksStillOpen() {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());
        URI before = fiat.baseUrl();

        fiat.restart();

        assertThat(fiat.baseUrl()).isEqualTo(before);
        assertThat(dataDirectory.resolve(MockFiatBillingProvider.CHECKOUT_PORT_FILE)).hasContent(before.getPort() + "\n");
        assertThat(fiat.payer.pay(checkout).status()).as("the link handed out before the restart").isEqualTo(200);
    }

    @Test
    void aRememberedPortHeldByAnotherProcessGivesWayToANewOneThatIsRemembered() throws IOException {
        try (ServerSocket occupant = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Files.writeString(dataDirectory.resolve(MockFiatBillingProvider.CHECKOUT_PORT_FILE), occupant.getLocalPort() + "\n");

            fiat.restart();

            int port = fiat.baseUrl().getPort();
            assertThat(port).isNotEqualTo(occupant.getLocalPort());
            assertThat(dataDirectory.resolve(MockFiatBillingProvider.CHECKOUT_PORT_FILE)).hasContent(port + "\n");
        }
    }

    @Test
    void subscriptionCanBeChargedAfterARestartAndAChargedPeriodStaysCharged() {
        SubscriptionActivated subscription = fiat.subscribe("4242424242424242");
        Instant second = subscription.nextChargeAt().orElseThrow();
        ChargeOutcome.Charged before = charge(subscription.subscriptionRef(), second);

        fiat.restart();
        ChargeOutcome.Charged sameAfter = charge(subscription.subscriptionRef(), second);
        ChargeOutcome.Charged third = charge(subscription.subscriptionRef(), second.plus(TestingMockFiat.MONTH));

        assertThat(sameAfter.transactionRef()).isEqualTo(before.transactionRef());
        assertThat(third.transactionRef()).isNotIn(before.transactionRef());
        assertThat(payments()).as("checkout, second and third period").isEqualTo(3);
    }

    @Test
    void savedCardKeepsItsBehaviourAfterARestart() {
        SubscriptionActivated subscription = fiat.subscribe("4000000000003063");

        fiat.restart();
        ChargeOutcome outcome = fiat.provider().chargeBatch(new ChargeBatchRequest(List.of(
                new ChargeItem(subscription.subscriptionRef(), subscription.nextChargeAt().orElseThrow(), TestingMockFiat.PRICE)))).outcomes().getFirst();

        assertThat(outcome).isInstanceOfSatisfying(ChargeOutcome.Failed.class, failed -> assertThat(failed.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS));
    }

    @Test
    void checkoutStartedBeforeARestartIsTheSameCheckoutAfterIt() {
        CheckoutRequest request = fiat.checkoutRequest(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());
        CheckoutResult before = fiat.provider().checkout(request);

        fiat.restart();
        CheckoutResult after = fiat.provider().checkout(request);
        TestingPayer.Answer paid = fiat.payer.pay(after);

        assertThat(after.providerReference()).isEqualTo(before.providerReference());
        assertThat(after.expiresAt()).isEqualTo(before.expiresAt());
        assertThat(paid.status()).isEqualTo(200);
        fiat.awaitEvent(PaymentConfirmed.class, event -> event.providerReference().equals(before.providerReference()));
    }

    @Test
    void plansAndTheirStatusSurviveARestart() {
        PlanDefinition plan = new PlanDefinition("plan-restart", "Pro", TestingMockFiat.PRICE, Optional.of(TestingMockFiat.MONTH), 1);
        String ref = fiat.provider().registerPlan(new RegisterPlanRequest(plan)).providerPlanRef();
        fiat.provider().changePlanStatus(new ChangePlanStatusRequest(ref, PlanStatus.FROZEN));

        fiat.restart();

        assertThat(fiat.provider().registerPlan(new RegisterPlanRequest(plan)).providerPlanRef()).isEqualTo(ref);
        assertThat(fiat.provider().registerPlan(new RegisterPlanRequest(plan)).status()).isEqualTo(PlanStatus.FROZEN);
        assertThatThrownBy(() -> fiat.checkout(CheckoutKind.SUBSCRIPTION, ref))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void refundsSurviveARestart() {
        String paymentRef = fiat.payer.pay(fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan())).json().string("paymentRef");
        RefundRequest partial = new RefundRequest("refund-1", paymentRef, Optional.of(Money.of(1500, "USD")), "partial");
        Refund first = fiat.provider().refund(partial);

        fiat.restart();

        assertThat(fiat.provider().refund(partial)).isEqualTo(first);
        assertThatThrownBy(() -> fiat.provider().refund(new RefundRequest("refund-2", paymentRef, Optional.of(Money.of(500, "USD")), "too much")))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void generatedSecretIsKeptSoEarlierDeliveriesStillVerify() throws IOException {
        fiat.payer.pay(fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan()));
        InboundWebhook delivered = fiat.awaitDelivery(event -> event instanceof PaymentConfirmed);
        String secret = Files.readString(dataDirectory.resolve(MockFiatBillingProvider.WEBHOOK_SECRET_FILE));

        fiat.restart();

        assertThat(Files.readString(dataDirectory.resolve(MockFiatBillingProvider.WEBHOOK_SECRET_FILE))).isEqualTo(secret);
        assertThat(fiat.provider().parseWebhook(delivered)).hasSize(1);
    }

    @Test
    void tornLastJournalLineIsDropped() throws IOException {
        String paymentRef = fiat.payer.pay(fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan())).json().string("paymentRef");
        fiat.awaitDelivery(event -> event instanceof PaymentConfirmed);
        fiat.provider().close();
        Files.writeString(dataDirectory.resolve(JOURNAL), "{\"at\":\"2030-01-01T00:00:00Z\",\"records\":[{\"type\":\"refund\",\"rec",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        fiat.restart();

        assertThat(payments()).isEqualTo(1);
        assertThat(fiat.provider().refund(new RefundRequest("refund-1", paymentRef, Optional.empty(), "")).amount()).isEqualTo(TestingMockFiat.PRICE);
        assertThat(Files.readString(dataDirectory.resolve(JOURNAL))).doesNotContain("\"rec\n").endsWith("\n");
    }

    @Test
    void damagedJournalStopsTheProviderInsteadOfLosingMoney() throws IOException {
        fiat.payer.pay(fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan()));
        fiat.provider().close();
        Path journal = dataDirectory.resolve(JOURNAL);
        List<String> lines = new ArrayList<>(Files.readAllLines(journal));
        assertThat(lines).hasSizeGreaterThan(2);
        lines.set(1, "{damaged");
        Files.write(journal, lines);

        assertThatThrownBy(fiat::create)
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining(journal.toString())
                .hasMessageContaining("line 2");
    }

    @Test
    void journalIsCompactedOnStartDroppingDeliveredWebhooks() throws IOException {
        fiat.payer.pay(fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan()));
        fiat.awaitDelivery(event -> event instanceof PaymentConfirmed);
        Eventually.await("the delivery to be recorded", () -> Optional.of(fiat.provider().health().details().get("webhooks-undelivered")).filter("0"::equals),
                () -> "health: " + fiat.provider().health());
        assertThat(Files.readString(dataDirectory.resolve(JOURNAL))).contains("outbox-message");

        fiat.restart();

        assertThat(Files.readString(dataDirectory.resolve(JOURNAL))).doesNotContain("outbox-message").contains("\"type\":\"payment\"");
    }

    private ChargeOutcome.Charged charge(String subscriptionRef, Instant periodStart) {
        ChargeOutcome outcome = fiat.provider().chargeBatch(new ChargeBatchRequest(List.of(new ChargeItem(subscriptionRef, periodStart, TestingMockFiat.PRICE))))
                .outcomes().getFirst();
        assertThat(outcome).isInstanceOf(ChargeOutcome.Charged.class);
        return (ChargeOutcome.Charged) outcome;
    }

    private long payments() {
        return fiat.payer.get(fiat.baseUrl().resolve("/v1/balance"), true).json().number("payments");
    }
}

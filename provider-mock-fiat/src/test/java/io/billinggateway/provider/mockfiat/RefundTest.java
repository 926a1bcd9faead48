package io.billinggateway.provider.mockfiat;

import io.billinggateway.spi.BillingEvent.PaymentRefunded;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.Refund;
import io.billinggateway.spi.RefundRequest;
import io.billinggateway.provider.mockfiat.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefundTest {
    @TempDir
    Path dataDirectory;

    private TestingMockFiat fiat;
    private String paymentRef;

    @BeforeEach
    void start() throws IOException {
        fiat = TestingMockFiat.start(dataDirectory);
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());
        paymentRef = fiat.payer.pay(checkout).json().string("paymentRef");
    }

    @AfterEach
    void stop() {
        fiat.close();
    }

    @Test
    void refundWithoutAnAmountReturnsEverything() {
        Refund refund = fiat.provider().refund(new RefundRequest("refund-1", paymentRef, Optional.empty(), "customer asked"));

        assertThat(refund.refundRef()).startsWith("re_");
        assertThat(refund.paymentRef()).isEqualTo(paymentRef);
        assertThat(refund.amount()).isEqualTo(TestingMockFiat.PRICE);
        assertThat(refund.status()).isEqualTo(Refund.Status.SUCCEEDED);
        PaymentRefunded event = fiat.awaitEvent(PaymentRefunded.class, refunded -> refunded.refundRef().equals(refund.refundRef()));
        assertThat(event.paymentRef()).isEqualTo(paymentRef);
        assertThat(event.amount()).isEqualTo(TestingMockFiat.PRICE);
        assertThat(balance().string("refunded")).isEqualTo("1999");
        assertThat(balance().string("available")).isEqualTo("0");
    }

    @Test
    void partialRefundsAddUpToTheCapturedAmountAndNoFurther() {
        Refund first = refund("refund-1", 500);
        Refund second = refund("refund-2", 1000);

        assertThatThrownBy(() -> refund("refund-3", 500))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("500 USD")
                .hasMessageContaining("499 USD left");
        Refund rest = fiat.provider().refund(new RefundRequest("refund-4", paymentRef, Optional.empty(), "the rest"));

        assertThat(List.of(first.amount(), second.amount(), rest.amount()))
                .containsExactly(Money.of(500, "USD"), Money.of(1000, "USD"), Money.of(499, "USD"));
        assertThat(balance().string("refunded")).isEqualTo("1999");
        assertThat(balance().number("refunds")).isEqualTo(3);
        assertThatThrownBy(() -> refund("refund-5", 1))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("already fully refunded");
    }

    @Test
    void repeatedRefundIdReturnsTheFirstRefundAndMovesNothing() {
        Refund first = refund("refund-1", 700);

        Refund repeated = refund("refund-1", 700);
        Refund repeatedWithoutAmount = fiat.provider().refund(new RefundRequest("refund-1", paymentRef, Optional.empty(), "retry"));

        assertThat(repeated).isEqualTo(first);
        assertThat(repeatedWithoutAmount).isEqualTo(first);
        assertThat(balance().string("refunded")).isEqualTo("700");
        fiat.awaitEvent(PaymentRefunded.class, refunded -> refunded.refundRef().equals(first.refundRef()));
        assertThat(fiat.events(PaymentRefunded.class)).hasSize(1);
    }

    @Test
    void refundIdReusedForSomethingElseConflicts() {
        refund("refund-1", 700);

        assertThatThrownBy(() -> refund("refund-1", 800))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("refund-1");
    }

    @Test
    void unknownPaymentIsNotFound() {
        assertThatThrownBy(() -> fiat.provider().refund(new RefundRequest("refund-1", "pay_unknown", Optional.empty(), "")))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("pay_unknown");
    }

    @Test
    void refundInAnotherCurrencyIsInvalid() {
        assertThatThrownBy(() -> fiat.provider().refund(new RefundRequest("refund-1", paymentRef, Optional.of(Money.of(100, "EUR")), "")))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void renewalPaymentsCanBeRefunded() {
        var subscription = fiat.subscribe("4242424242424242");
        ChargeOutcome.Charged charged = (ChargeOutcome.Charged) fiat.provider().chargeBatch(new ChargeBatchRequest(List.of(
                new ChargeItem(subscription.subscriptionRef(), subscription.nextChargeAt().orElseThrow(), TestingMockFiat.PRICE)))).outcomes().getFirst();

        Refund refund = fiat.provider().refund(new RefundRequest("refund-renewal", charged.transactionRef(), Optional.of(Money.of(999, "USD")), "goodwill"));

        assertThat(refund.paymentRef()).isEqualTo(charged.transactionRef());
        assertThat(refund.amount()).isEqualTo(Money.of(999, "USD"));
    }

    private Refund refund(String refundId, long minorUnits) {
        return fiat.provider().refund(new RefundRequest(refundId, paymentRef, Optional.of(Money.of(minorUnits, "USD")), "partial"));
    }

    private JsonObject balance() {
        return fiat.payer.get(fiat.baseUrl().resolve("/v1/balance"), true).json();
    }
}

package io.billinggateway.provider.mockfiat;

import io.billinggateway.spi.BillingEvent.SubscriptionActivated;
import io.billinggateway.spi.BillingEvent.SubscriptionCancelled;
import io.billinggateway.spi.BillingEvent.SubscriptionChargeFailed;
import io.billinggateway.spi.BillingEvent.SubscriptionCharged;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.CancelResult;
import io.billinggateway.spi.CancelSubscriptionRequest;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanStatus;
import io.billinggateway.spi.SkipReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecurringChargeTest {
    private static final CancelSubscriptionRequest.Initiator SUBSCRIBER = CancelSubscriptionRequest.Initiator.SUBSCRIBER;

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
    void savedCardIsChargedForTheNextPeriod() {
        SubscriptionActivated subscription = fiat.subscribe("4242424242424242");
        Instant periodStart = subscription.nextChargeAt().orElseThrow();
        fiat.advanceClock(TestingMockFiat.MONTH);

        ChargeOutcome outcome = chargeOne(new ChargeItem(subscription.subscriptionRef(), periodStart, TestingMockFiat.PRICE));

        assertThat(outcome).isInstanceOfSatisfying(ChargeOutcome.Charged.class, charged -> {
            assertThat(charged.transactionRef()).startsWith("pay_");
            assertThat(charged.amount()).isEqualTo(TestingMockFiat.PRICE);
            assertThat(charged.fee()).isEqualTo(Money.of(0, "USD"));
        });
        String transactionRef = ((ChargeOutcome.Charged) outcome).transactionRef();
        SubscriptionCharged event = fiat.awaitEvent(SubscriptionCharged.class, charged -> charged.transactionRef().equals(transactionRef));
        assertThat(event.subscriptionRef()).isEqualTo(subscription.subscriptionRef());
        assertThat(event.amount()).isEqualTo(TestingMockFiat.PRICE);
        assertThat(event.nextChargeAt()).contains(periodStart.plus(TestingMockFiat.MONTH));
    }

    /** Issue 13: 95 days overdue on a 30-day plan is one charge, and the schedule restarts from it (as on chain). */
    @Test
    void aRenewalSeveralPeriodsLateIsChargedOnceAndRestartsFromTheCharge() {
        SubscriptionActivated subscription = fiat.subscribe("4242424242424242");
        Instant periodStart = subscription.nextChargeAt().orElseThrow();
        fiat.advanceClock(TestingMockFiat.MONTH.plus(java.time.Duration.ofDays(95)));
        Instant now = fiat.clock.instant();
        ChargeItem late = new ChargeItem(subscription.subscriptionRef(), periodStart, TestingMockFiat.PRICE);

        ChargeOutcome.Charged charged = (ChargeOutcome.Charged) chargeOne(late);

        assertThat(charged.nextChargeAt()).contains(now.plus(TestingMockFiat.MONTH));
        SubscriptionCharged event = fiat.awaitEvent(SubscriptionCharged.class, candidate -> candidate.transactionRef().equals(charged.transactionRef()));
        assertThat(event.nextChargeAt()).isEqualTo(charged.nextChargeAt());
        fiat.advanceClock(java.time.Duration.ofHours(1));
        assertThat(chargeOne(late)).as("the same period again: the same payment and the same next charge").isEqualTo(charged);
    }

    @Test
    void chargingTheSamePeriodAgainReturnsTheSameTransactionAndMovesNoMoney() {
        SubscriptionActivated subscription = fiat.subscribe("4242424242424242");
        ChargeItem item = new ChargeItem(subscription.subscriptionRef(), subscription.nextChargeAt().orElseThrow(), TestingMockFiat.PRICE);

        ChargeOutcome.Charged first = (ChargeOutcome.Charged) chargeOne(item);
        ChargeOutcome.Charged second = (ChargeOutcome.Charged) chargeOne(item);

        assertThat(second.transactionRef()).isEqualTo(first.transactionRef());
        assertThat(capturedPayments()).as("the checkout's payment and one renewal").isEqualTo(2);
        fiat.awaitEvent(SubscriptionCharged.class, charged -> charged.transactionRef().equals(first.transactionRef()));
        assertThat(fiat.events(SubscriptionCharged.class)).as("one webhook for one renewal").hasSize(1);
    }

    /**
     * Issue 13, point 2: asked for a period its own payment already paid (a gateway that lost what it recorded, or whose
     * schedule drifted from the PSP's), the PSP answers that payment, with the same next charge, and takes no money.
     */
    @Test
    void chargingTheFirstPeriodFindsThePaymentOfTheCheckout() {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.SUBSCRIPTION, fiat.registerMonthlyPlan());
        TestingPayer.Answer paid = fiat.payer.pay(checkout);
        String subscriptionRef = paid.json().string("subscriptionRef");

        ChargeOutcome outcome = chargeOne(new ChargeItem(subscriptionRef, TestingMockFiat.START, TestingMockFiat.PRICE));

        assertThat(outcome).isInstanceOfSatisfying(ChargeOutcome.Charged.class,
                charged -> assertThat(charged.transactionRef()).isEqualTo(paid.json().string("paymentRef")));
        assertThat(capturedPayments()).isEqualTo(1);
    }

    @Test
    void differentPeriodsAreChargedSeparately() {
        SubscriptionActivated subscription = fiat.subscribe("4242424242424242");
        Instant second = subscription.nextChargeAt().orElseThrow();
        Instant third = second.plus(TestingMockFiat.MONTH);

        ChargeOutcome.Charged secondCharge = (ChargeOutcome.Charged) chargeOne(new ChargeItem(subscription.subscriptionRef(), second, TestingMockFiat.PRICE));
        ChargeOutcome.Charged thirdCharge = (ChargeOutcome.Charged) chargeOne(new ChargeItem(subscription.subscriptionRef(), third, TestingMockFiat.PRICE));

        assertThat(thirdCharge.transactionRef()).isNotEqualTo(secondCharge.transactionRef());
        assertThat(capturedPayments()).isEqualTo(3);
    }

    @Test
    void cardDeclinedForOffSessionChargesFailsEveryRenewal() {
        SubscriptionActivated subscription = fiat.subscribe("4000000000000341");
        ChargeItem item = new ChargeItem(subscription.subscriptionRef(), subscription.nextChargeAt().orElseThrow(), TestingMockFiat.PRICE);

        ChargeOutcome first = chargeOne(item);
        ChargeOutcome retried = chargeOne(item);

        for (ChargeOutcome outcome : List.of(first, retried)) {
            assertThat(outcome).isInstanceOfSatisfying(ChargeOutcome.Failed.class, failed -> {
                assertThat(failed.code()).isEqualTo(ErrorCode.PAYMENT_DECLINED);
                assertThat(failed.retryable()).isFalse();
                assertThat(failed.message()).contains("declined", "card_declined");
            });
        }
        SubscriptionChargeFailed event = fiat.awaitEvent(SubscriptionChargeFailed.class, failed -> failed.subscriptionRef().equals(subscription.subscriptionRef()));
        assertThat(event.code()).isEqualTo(ErrorCode.PAYMENT_DECLINED);
        assertThat(event.finalFailure()).as("the gateway, not the PSP, decides that retries are over").isFalse();
        assertThat(capturedPayments()).as("only the checkout captured").isEqualTo(1);
    }

    @Test
    void cardWithoutFundsForRenewalsFailsRetryably() {
        SubscriptionActivated subscription = fiat.subscribe("4000000000003063");

        ChargeOutcome outcome = chargeOne(new ChargeItem(subscription.subscriptionRef(), subscription.nextChargeAt().orElseThrow(), TestingMockFiat.PRICE));

        assertThat(outcome).isInstanceOfSatisfying(ChargeOutcome.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
            assertThat(failed.retryable()).isTrue();
        });
        SubscriptionChargeFailed event = fiat.awaitEvent(SubscriptionChargeFailed.class, failed -> failed.subscriptionRef().equals(subscription.subscriptionRef()));
        assertThat(event.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
    }

    @Test
    void batchReportsOneOutcomePerItemInOrder() {
        SubscriptionActivated good = fiat.subscribe("4242424242424242");
        SubscriptionActivated declining = fiat.subscribe("4000000000000341");
        SubscriptionActivated cancelled = fiat.subscribe("4242424242424242");
        fiat.provider().cancelSubscription(new CancelSubscriptionRequest(cancelled.subscriptionRef(), SUBSCRIBER));
        Instant period = good.nextChargeAt().orElseThrow();

        List<ChargeOutcome> outcomes = fiat.provider().chargeBatch(new ChargeBatchRequest(List.of(
                new ChargeItem("sub_unknown", period, TestingMockFiat.PRICE),
                new ChargeItem(good.subscriptionRef(), period, TestingMockFiat.PRICE),
                new ChargeItem(declining.subscriptionRef(), period, TestingMockFiat.PRICE),
                new ChargeItem(cancelled.subscriptionRef(), period, TestingMockFiat.PRICE)))).outcomes();

        assertThat(outcomes).extracting(ChargeOutcome::subscriptionRef)
                .containsExactly("sub_unknown", good.subscriptionRef(), declining.subscriptionRef(), cancelled.subscriptionRef());
        assertThat(outcomes.get(0)).isInstanceOfSatisfying(ChargeOutcome.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(failed.message()).contains("sub_unknown");
        });
        assertThat(outcomes.get(1)).isInstanceOf(ChargeOutcome.Charged.class);
        assertThat(outcomes.get(2)).isInstanceOfSatisfying(ChargeOutcome.Failed.class, failed -> assertThat(failed.code()).isEqualTo(ErrorCode.PAYMENT_DECLINED));
        assertThat(outcomes.get(3)).isInstanceOfSatisfying(ChargeOutcome.Skipped.class,
                skipped -> assertThat(skipped.reason()).isEqualTo(SkipReason.SUBSCRIPTION_INACTIVE));
    }

    @Test
    void amountDifferentFromThePriceFails() {
        SubscriptionActivated subscription = fiat.subscribe("4242424242424242");
        Instant period = subscription.nextChargeAt().orElseThrow();

        List<ChargeOutcome> outcomes = fiat.provider().chargeBatch(new ChargeBatchRequest(List.of(
                new ChargeItem(subscription.subscriptionRef(), period, Money.of(2999, "USD"))))).outcomes();

        assertThat(outcomes.getFirst()).isInstanceOfSatisfying(ChargeOutcome.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(failed.message()).contains("2999 USD", "1999 USD");
        });
        assertThat(capturedPayments()).isEqualTo(1);
    }

    @Test
    void renewalsOfAnInactiveOrFrozenPlanAreSkipped() {
        String plan = fiat.registerMonthlyPlan();
        CheckoutResult checkout = fiat.checkout(CheckoutKind.SUBSCRIPTION, plan);
        String subscriptionRef = fiat.payer.pay(checkout).json().string("subscriptionRef");
        ChargeItem renewal = new ChargeItem(subscriptionRef, TestingMockFiat.START.plus(TestingMockFiat.MONTH), TestingMockFiat.PRICE);

        for (PlanStatus status : List.of(PlanStatus.INACTIVE, PlanStatus.FROZEN)) {
            fiat.provider().changePlanStatus(new ChangePlanStatusRequest(plan, status));

            assertThat(chargeOne(renewal)).isInstanceOfSatisfying(ChargeOutcome.Skipped.class, skipped -> {
                assertThat(skipped.reason()).isEqualTo(SkipReason.PLAN_INACTIVE);
                assertThat(skipped.detail()).contains(status.name());
            });
        }
        fiat.provider().changePlanStatus(new ChangePlanStatusRequest(plan, PlanStatus.ACTIVE));
        assertThat(chargeOne(renewal)).isInstanceOf(ChargeOutcome.Charged.class);
    }

    @Test
    void batchLargerThanTheConfiguredMaximumIsRefusedWhole(@TempDir Path otherDirectory) throws IOException {
        try (TestingMockFiat small = TestingMockFiat.start(otherDirectory, Map.of("max-batch-size", "2"))) {
            SubscriptionActivated subscription = small.subscribe("4242424242424242");
            Instant period = subscription.nextChargeAt().orElseThrow();
            List<ChargeItem> items = IntStream.range(0, 3)
                    .mapToObj(index -> new ChargeItem(index == 0 ? subscription.subscriptionRef() : "sub_other" + index, period, TestingMockFiat.PRICE))
                    .toList();

            assertThat(small.provider().describe().maxBatchSize()).isEqualTo(2);
            assertThatThrownBy(() -> small.provider().chargeBatch(new ChargeBatchRequest(items)))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                    .hasMessageContaining("at most 2 items");
            assertThat(small.payer.get(small.baseUrl().resolve("/v1/balance"), true).json().number("payments"))
                    .as("nothing of a refused batch was charged")
                    .isOne();
        }
    }

    @Test
    void cancelledSubscriptionIsNeverChargedAndCancellingAgainChangesNothing() {
        SubscriptionActivated subscription = fiat.subscribe("4242424242424242");
        fiat.advanceClock(java.time.Duration.ofDays(3));

        CancelResult first = fiat.provider().cancelSubscription(new CancelSubscriptionRequest(subscription.subscriptionRef(), SUBSCRIBER));
        fiat.advanceClock(java.time.Duration.ofDays(1));
        CancelResult second = fiat.provider().cancelSubscription(new CancelSubscriptionRequest(subscription.subscriptionRef(), CancelSubscriptionRequest.Initiator.OPERATOR));
        ChargeOutcome outcome = chargeOne(new ChargeItem(subscription.subscriptionRef(), subscription.nextChargeAt().orElseThrow(), TestingMockFiat.PRICE));

        assertThat(first).isEqualTo(new CancelResult.Cancelled(subscription.subscriptionRef(), TestingMockFiat.START.plus(java.time.Duration.ofDays(3))));
        assertThat(second).isEqualTo(first);
        assertThat(outcome).isInstanceOfSatisfying(ChargeOutcome.Skipped.class,
                skipped -> assertThat(skipped.reason()).isEqualTo(SkipReason.SUBSCRIPTION_INACTIVE));
        fiat.awaitEvent(SubscriptionCancelled.class, cancelled -> cancelled.subscriptionRef().equals(subscription.subscriptionRef()));
        assertThat(fiat.events(SubscriptionCancelled.class)).hasSize(1);
        assertThat(capturedPayments()).isEqualTo(1);
    }

    @Test
    void periodChargedBeforeTheCancellationStaysCharged() {
        SubscriptionActivated subscription = fiat.subscribe("4242424242424242");
        ChargeItem item = new ChargeItem(subscription.subscriptionRef(), subscription.nextChargeAt().orElseThrow(), TestingMockFiat.PRICE);
        ChargeOutcome.Charged charged = (ChargeOutcome.Charged) chargeOne(item);
        fiat.provider().cancelSubscription(new CancelSubscriptionRequest(subscription.subscriptionRef(), SUBSCRIBER));

        assertThat(chargeOne(item)).isInstanceOfSatisfying(ChargeOutcome.Charged.class,
                again -> assertThat(again.transactionRef()).isEqualTo(charged.transactionRef()));
    }

    @Test
    void cancellingAnUnknownSubscriptionIsNotFound() {
        assertThatThrownBy(() -> fiat.provider().cancelSubscription(new CancelSubscriptionRequest("sub_unknown", SUBSCRIBER)))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("sub_unknown");
    }

    private ChargeOutcome chargeOne(ChargeItem item) {
        List<ChargeOutcome> outcomes = fiat.provider().chargeBatch(new ChargeBatchRequest(List.of(item))).outcomes();
        assertThat(outcomes).hasSize(1);
        return outcomes.getFirst();
    }

    private long capturedPayments() {
        return fiat.payer.get(fiat.baseUrl().resolve("/v1/balance"), true).json().number("payments");
    }
}

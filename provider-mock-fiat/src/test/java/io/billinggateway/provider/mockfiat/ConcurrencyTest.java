package io.billinggateway.provider.mockfiat;

import io.billinggateway.spi.BillingEvent.PaymentConfirmed;
import io.billinggateway.spi.BillingEvent.SubscriptionActivated;
import io.billinggateway.spi.BillingEvent.SubscriptionCharged;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.Refund;
import io.billinggateway.spi.RefundRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway calls from many threads at once, and payers double-click: money must still move once. */
class ConcurrencyTest {
    private static final int THREADS = 50;

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
    void payersPayingTheSameSessionAtOnceCaptureOnce() throws Exception {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());

        List<TestingPayer.Answer> answers = all(thread -> fiat.payer.pay(checkout));

        assertThat(answers).extracting(TestingPayer.Answer::status).containsOnly(200);
        assertThat(answers).extracting(answer -> answer.json().string("paymentRef")).containsOnly(answers.getFirst().json().string("paymentRef"));
        assertThat(payments()).isEqualTo(1);
        fiat.awaitEvent(PaymentConfirmed.class, event -> event.providerReference().equals(checkout.providerReference()));
        assertThat(fiat.events(PaymentConfirmed.class)).hasSize(1);
    }

    @Test
    void payAndDeclineRacingEndWithOneOutcome() throws Exception {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());

        List<TestingPayer.Answer> answers = all(thread -> thread % 2 == 0 ? fiat.payer.pay(checkout) : fiat.payer.decline(checkout));

        assertThat(answers).extracting(answer -> answer.json().string("status")).containsOnly(answers.getFirst().json().string("status"));
        assertThat(payments()).isLessThanOrEqualTo(1);
    }

    @Test
    void sameCheckoutRequestedAtOnceOpensOneSession() throws Exception {
        CheckoutRequest request = fiat.checkoutRequest(CheckoutKind.SUBSCRIPTION, fiat.registerMonthlyPlan());

        List<CheckoutResult> results = all(thread -> fiat.provider().checkout(request));

        assertThat(results).extracting(CheckoutResult::providerReference).containsOnly(results.getFirst().providerReference());
    }

    @Test
    void samePeriodChargedFromManyThreadsMovesMoneyOnce() throws Exception {
        SubscriptionActivated subscription = fiat.subscribe("4242424242424242");
        ChargeItem item = new ChargeItem(subscription.subscriptionRef(), subscription.nextChargeAt().orElseThrow(), TestingMockFiat.PRICE);

        List<ChargeOutcome> outcomes = all(thread -> fiat.provider().chargeBatch(new ChargeBatchRequest(List.of(item))).outcomes().getFirst());

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(ChargeOutcome.Charged.class));
        assertThat(outcomes).extracting(outcome -> ((ChargeOutcome.Charged) outcome).transactionRef())
                .containsOnly(((ChargeOutcome.Charged) outcomes.getFirst()).transactionRef());
        assertThat(payments()).as("the checkout and one renewal").isEqualTo(2);
        fiat.awaitEvent(SubscriptionCharged.class, event -> event.subscriptionRef().equals(subscription.subscriptionRef()));
        assertThat(fiat.events(SubscriptionCharged.class)).hasSize(1);
    }

    @Test
    void concurrentPartialRefundsNeverExceedTheCapturedAmount() throws Exception {
        String paymentRef = fiat.payer.pay(fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan())).json().string("paymentRef");

        List<Optional<Refund>> refunds = all(thread -> {
            try {
                return Optional.of(fiat.provider().refund(new RefundRequest("refund-" + thread, paymentRef, Optional.of(Money.of(100, "USD")), "partial")));
            }
            catch (BillingException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                return Optional.empty();
            }
        });

        assertThat(refunds.stream().filter(Optional::isPresent).count()).as("19 refunds of 1.00 fit into 19.99").isEqualTo(19);
        assertThat(fiat.payer.get(fiat.baseUrl().resolve("/v1/balance"), true).json().string("refunded")).isEqualTo("1900");
    }

    @Test
    void independentCheckoutsInParallelAllSucceed() throws Exception {
        String plan = fiat.registerOneTimePlan();

        List<TestingPayer.Answer> answers = all(thread -> fiat.payer.pay(fiat.checkout(CheckoutKind.ONE_TIME, plan)));

        assertThat(answers).extracting(TestingPayer.Answer::status).containsOnly(200);
        assertThat(answers).extracting(answer -> answer.json().string("paymentRef")).doesNotHaveDuplicates();
        assertThat(payments()).isEqualTo(THREADS);
    }

    /** Runs {@code work} on {@link #THREADS} threads released at the same moment and returns their results in thread order. */
    private static <T> List<T> all(IntFunction<T> work) throws InterruptedException, ExecutionException {
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int index = thread;
                futures.add(executor.submit(() -> {
                    ready.countDown();
                    go.await();
                    return work.apply(index);
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        }
        catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a thread did not finish within 30 seconds", e);
        }
        finally {
            executor.shutdownNow();
        }
    }

    private long payments() {
        return fiat.payer.get(fiat.baseUrl().resolve("/v1/balance"), true).json().number("payments");
    }
}

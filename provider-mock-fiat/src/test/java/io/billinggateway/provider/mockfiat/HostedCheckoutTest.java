package io.billinggateway.provider.mockfiat;

import io.billinggateway.provider.mockfiat.json.JsonObject;
import io.billinggateway.provider.mockfiat.processor.PaymentProcessor;
import io.billinggateway.spi.BillingEvent.PaymentConfirmed;
import io.billinggateway.spi.BillingEvent.PaymentFailed;
import io.billinggateway.spi.BillingEvent.SubscriptionActivated;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.PlanStatus;
import io.billinggateway.spi.RegisterPlanRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class HostedCheckoutTest {
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

    static Stream<Arguments> cardsAtCheckout() {
        return Stream.of(
                arguments("card", "4242424242424242", null, null),
                arguments("token", "tok_visa", null, null),
                arguments("card", "4000000000000002", ErrorCode.PAYMENT_DECLINED, "card_declined"),
                arguments("token", "tok_chargeDeclined", ErrorCode.PAYMENT_DECLINED, "card_declined"),
                arguments("card", "4000000000009995", ErrorCode.INSUFFICIENT_FUNDS, "insufficient_funds"),
                arguments("token", "tok_chargeDeclinedInsufficientFunds", ErrorCode.INSUFFICIENT_FUNDS, "insufficient_funds"),
                arguments("card", "4000000000000119", ErrorCode.NETWORK_UNAVAILABLE, "processing_error"),
                arguments("token", "tok_networkError", ErrorCode.NETWORK_UNAVAILABLE, "processing_error"),
                arguments("card", "4000000000000341", null, null),
                arguments("token", "tok_chargeCustomerFail", null, null),
                arguments("card", "4000000000003063", null, null),
                arguments("token", "tok_recurringInsufficientFunds", null, null),
                arguments("card", "4000 0566 5566 5556", ErrorCode.PAYMENT_DECLINED, "card_not_supported"),
                arguments("card", "4242424242424241", ErrorCode.PAYMENT_DECLINED, "incorrect_number"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("cardsAtCheckout")
    void oneTimePaymentFollowsTheTestCard(String field, String value, ErrorCode expectedFailure, String declineCode) {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());
        TestingPayer.Answer answer = field.equals("card") ? fiat.payer.payWithCard(checkout, value) : fiat.payer.payWithToken(checkout, value);

        if (expectedFailure == null) {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().string("status")).isEqualTo("paid");
            String paymentRef = answer.json().string("paymentRef");
            assertThat(paymentRef).startsWith("pay_");
            PaymentConfirmed confirmed = fiat.awaitEvent(PaymentConfirmed.class, event -> event.providerReference().equals(checkout.providerReference()));
            assertThat(confirmed.transactionRef()).isEqualTo(paymentRef);
            assertThat(confirmed.amount()).isEqualTo(TestingMockFiat.PRICE);
            assertThat(fiat.events(PaymentFailed.class)).isEmpty();
            return;
        }
        assertThat(answer.status()).isEqualTo(402);
        assertThat(answer.json().string("status")).as("a declined card does not end the session").isEqualTo("open");
        assertThat(answer.json().string("code")).isEqualTo(expectedFailure.name());
        assertThat(answer.json().string("declineCode")).isEqualTo(declineCode);
        assertThat(answer.json().number("attemptsLeft")).isEqualTo(PaymentProcessor.MAX_DECLINED_ATTEMPTS - 1);
        assertThat(answer.json().has("paymentRef")).isFalse();
        assertThat(balance().string("captured")).as("nothing was captured").isEqualTo("0");

        TestingPayer.Answer retried = fiat.payer.pay(checkout);

        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().string("status")).isEqualTo("paid");
        fiat.awaitEvent(PaymentConfirmed.class, event -> event.providerReference().equals(checkout.providerReference()));
        assertThat(fiat.events(PaymentFailed.class)).as("webhooks go out in order: a failure sent for the decline would have arrived first").isEmpty();
        assertThat(balance().string("captured")).isEqualTo("1999");
    }

    @Test
    void theHostedPageOffersToTryAgainAfterADeclinedCard() {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());

        TestingPayer.Answer declinedPage = fiat.payer.post(URI.create(TestingPayer.pageOf(checkout) + "/pay"), "card=4000000000000002", false);

        assertThat(declinedPage.status()).isEqualTo(402);
        assertThat(declinedPage.body()).contains("Your card was declined: the card was declined by its issuer (card_declined)",
                "Try again with another card (4 attempts left)", "Try again: pay 19.99 USD", "/pay\"", "/decline\"");
        assertThat(fiat.payer.get(TestingPayer.pageOf(checkout), false).body()).as("the page keeps offering it").contains("Try again: pay");
        assertThat(fiat.payer.get(TestingPayer.pageOf(checkout), true).json().number("declinedAttempts")).isOne();
        assertThat(fiat.payer.payWithCard(checkout, "4242424242424242").json().string("status")).isEqualTo("paid");
        assertThat(fiat.payer.get(TestingPayer.pageOf(checkout), false).body()).doesNotContain("Try again");
    }

    @Test
    void aDeclinedCardSurvivesARestartOfTheProvider() throws IOException {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());
        fiat.payer.payWithCard(checkout, "4000000000000002");

        fiat.close();
        fiat = TestingMockFiat.start(dataDirectory);

        TestingPayer.Answer page = fiat.payer.get(TestingPayer.pageOf(checkout), true);
        assertThat(page.json().string("status")).isEqualTo("open");
        assertThat(page.json().string("declineCode")).isEqualTo("card_declined");
        assertThat(page.json().number("declinedAttempts")).isOne();
    }

    @Test
    void unknownCardIsDeclinedWithAReasonThatNamesTheTestCards() {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());

        TestingPayer.Answer answer = fiat.payer.payWithCard(checkout, "5555 5555 5555 4444");

        assertThat(answer.json().string("reason")).contains("ending in 4444", "not a test card", "4242424242424242");
    }

    @Test
    void payingWithoutACardUsesTheSuccessCard() {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());

        TestingPayer.Answer answer = fiat.payer.pay(checkout);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().string("cardLastFourDigits")).isEqualTo("4242");
    }

    @Test
    void malformedCardInputIsRefusedAndLeavesTheSessionOpen() {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());

        assertThat(fiat.payer.payWithCard(checkout, "4242-not-a-card").status()).isEqualTo(400);
        assertThat(fiat.payer.payWithToken(checkout, "tok_unknown").status()).isEqualTo(400);
        assertThat(fiat.payer.payWithToken(checkout, "tok_unknown").json().string("error")).contains("tok_visa");
        assertThat(fiat.payer.post(URI.create(TestingPayer.pageOf(checkout) + "/pay"), "card=4242424242424242&token=tok_visa", true).status())
                .as("card and token together")
                .isEqualTo(400);

        assertThat(fiat.payer.get(TestingPayer.pageOf(checkout), true).json().string("status")).isEqualTo("open");
        assertThat(fiat.payer.pay(checkout).status()).isEqualTo(200);
    }

    @Test
    void declineButtonFailsThePaymentFinally() {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());

        TestingPayer.Answer declined = fiat.payer.decline(checkout);
        TestingPayer.Answer payAfterwards = fiat.payer.pay(checkout);

        assertThat(declined.status()).isEqualTo(402);
        assertThat(declined.json().string("declineCode")).isEqualTo("payer_declined");
        assertThat(payAfterwards.json()).as("a finished session answers with its outcome").isEqualTo(declined.json());
        PaymentFailed failed = fiat.awaitEvent(PaymentFailed.class, event -> event.providerReference().equals(checkout.providerReference()));
        assertThat(failed.code()).isEqualTo(ErrorCode.PAYMENT_DECLINED);
        assertThat(failed.code().retryable()).isFalse();
        assertThat(balance().number("payments")).isZero();
    }

    @Test
    void payingAPaidSessionAgainCapturesOnce() {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());

        TestingPayer.Answer first = fiat.payer.pay(checkout);
        TestingPayer.Answer second = fiat.payer.payWithCard(checkout, "4000000000000002");
        TestingPayer.Answer declineAfterwards = fiat.payer.decline(checkout);

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(declineAfterwards.json()).isEqualTo(first.json());
        assertThat(balance().number("payments")).isOne();
        assertThat(balance().string("captured")).isEqualTo("1999");
        fiat.awaitEvent(PaymentConfirmed.class, event -> event.providerReference().equals(checkout.providerReference()));
        assertThat(fiat.events(PaymentConfirmed.class)).hasSize(1);
    }

    @Test
    void subscriptionCheckoutSavesTheCardAndStartsTheSubscription() {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.SUBSCRIPTION, fiat.registerMonthlyPlan());

        TestingPayer.Answer answer = fiat.payer.pay(checkout);

        assertThat(answer.status()).isEqualTo(200);
        String subscriptionRef = answer.json().string("subscriptionRef");
        assertThat(subscriptionRef).startsWith("sub_");
        SubscriptionActivated activated = fiat.awaitEvent(SubscriptionActivated.class, event -> event.providerReference().equals(checkout.providerReference()));
        assertThat(activated.subscriptionRef()).isEqualTo(subscriptionRef);
        assertThat(activated.nextChargeAt()).contains(TestingMockFiat.START.plus(TestingMockFiat.MONTH));
        PaymentConfirmed confirmed = fiat.awaitEvent(PaymentConfirmed.class, event -> event.providerReference().equals(checkout.providerReference()));
        assertThat(confirmed.transactionRef()).isEqualTo(answer.json().string("paymentRef"));
        assertThat(confirmed.amount()).isEqualTo(TestingMockFiat.PRICE);
    }

    @Test
    void declinedSubscriptionCheckoutStartsNoSubscription() {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.SUBSCRIPTION, fiat.registerMonthlyPlan());

        List<TestingPayer.Answer> answers = new ArrayList<>();
        for (int attempt = 0; attempt < PaymentProcessor.MAX_DECLINED_ATTEMPTS; attempt++) {
            answers.add(fiat.payer.payWithCard(checkout, "4000000000009995"));
        }

        assertThat(answers).allSatisfy(answer -> assertThat(answer.json().has("subscriptionRef")).isFalse());
        assertThat(answers.get(PaymentProcessor.MAX_DECLINED_ATTEMPTS - 2).json().string("status")).isEqualTo("open");
        assertThat(answers.getLast().json().string("status")).as("the last declined card allowed ends the session").isEqualTo("failed");
        PaymentFailed failed = fiat.awaitEvent(PaymentFailed.class, event -> event.providerReference().equals(checkout.providerReference()));
        assertThat(failed.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
        assertThat(failed.reason()).endsWith(PaymentProcessor.MAX_DECLINED_ATTEMPTS + " cards were declined on this checkout, which ends it");
        assertThat(fiat.payer.pay(checkout).json().string("status")).as("a failed session stays failed").isEqualTo("failed");
        assertThat(fiat.events(SubscriptionActivated.class)).isEmpty();
    }

    @Test
    void checkoutIsIdempotentPerCheckoutId() {
        CheckoutRequest request = fiat.checkoutRequest(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());

        CheckoutResult first = fiat.provider().checkout(request);
        CheckoutResult second = fiat.provider().checkout(request);

        assertThat(first.providerReference()).startsWith("cs_");
        assertThat(second).isEqualTo(first);
        assertThat(TestingPayer.pageOf(first).toString()).isEqualTo(fiat.baseUrl() + "checkout/" + first.providerReference());
        assertThat(first.expiresAt()).contains(TestingMockFiat.START.plus(Duration.ofHours(24)));
    }

    @Test
    void checkoutIdReusedWithOtherTermsConflicts() {
        String plan = fiat.registerOneTimePlan();
        CheckoutRequest request = fiat.checkoutRequest(CheckoutKind.ONE_TIME, plan);
        fiat.provider().checkout(request);
        CheckoutRequest otherCustomer = new CheckoutRequest(request.checkoutId(), request.kind(), "someone-else", plan, request.amount(),
                Optional.empty(), Optional.empty(), Map.of());

        assertThatThrownBy(() -> fiat.provider().checkout(otherCustomer))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining(request.checkoutId());
    }

    @Test
    void checkoutOfAnUnknownPlanIsInvalid() {
        assertThatThrownBy(() -> fiat.checkout(CheckoutKind.ONE_TIME, "price_unknown"))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("price_unknown")
                .hasMessageContaining("not registered");
    }

    @Test
    void checkoutOfAFrozenOrInactivePlanConflicts() {
        String plan = fiat.registerOneTimePlan();
        for (PlanStatus status : new PlanStatus[] {PlanStatus.FROZEN, PlanStatus.INACTIVE}) {
            fiat.provider().changePlanStatus(new ChangePlanStatusRequest(plan, status));

            assertThatThrownBy(() -> fiat.checkout(CheckoutKind.ONE_TIME, plan))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                    .hasMessageContaining(status.name());
        }
        fiat.provider().changePlanStatus(new ChangePlanStatusRequest(plan, PlanStatus.ACTIVE));
        assertThat(fiat.checkout(CheckoutKind.ONE_TIME, plan).providerReference()).startsWith("cs_");
    }

    @Test
    void checkoutAmountDifferentFromThePlanIsInvalid() {
        String plan = fiat.registerOneTimePlan();

        assertThatThrownBy(() -> fiat.provider().checkout(checkoutFor(plan, Money.of(1000, "USD"))))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("asks for 1000 USD")
                .hasMessageContaining("costs 1999 USD");
    }

    @Test
    void checkoutInAnotherCurrencyIsInvalid() {
        String plan = fiat.registerOneTimePlan();

        assertThatThrownBy(() -> fiat.provider().checkout(checkoutFor(plan, Money.of(1999, "EUR"))))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("is in EUR")
                .hasMessageContaining("settles in USD only");
    }

    @Test
    void subscriptionOfAOneTimePlanIsInvalid() {
        String plan = fiat.registerOneTimePlan();

        assertThatThrownBy(() -> fiat.checkout(CheckoutKind.SUBSCRIPTION, plan))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("no billing period");
    }

    @Test
    void expiredSessionRefusesPaymentAndReportsTheFailure() {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());
        fiat.advanceClock(Duration.ofHours(24));

        TestingPayer.Answer answer = fiat.payer.pay(checkout);

        assertThat(answer.status()).isEqualTo(410);
        assertThat(answer.json().string("status")).isEqualTo("expired");
        TestingPayer.Answer page = fiat.payer.get(TestingPayer.pageOf(checkout), false);
        assertThat(page.status()).isEqualTo(410);
        assertThat(page.body()).contains("This checkout expired at 2 January 2030, 00:00 UTC.");
        PaymentFailed failed = fiat.awaitEvent(PaymentFailed.class, event -> event.providerReference().equals(checkout.providerReference()));
        assertThat(failed.reason()).contains("expired");
        assertThat(balance().number("payments")).isZero();
    }

    @Test
    void sessionJustBeforeItsExpiryCanBePaid() {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());
        fiat.advanceClock(Duration.ofHours(24).minusSeconds(1));

        assertThat(fiat.payer.pay(checkout).status()).isEqualTo(200);
    }

    @Test
    void sessionTimeToLiveIsConfigurable(@TempDir Path otherDirectory) throws IOException {
        try (TestingMockFiat shortLived = TestingMockFiat.start(otherDirectory, Map.of("session-ttl", "15m"))) {
            CheckoutResult checkout = shortLived.checkout(CheckoutKind.ONE_TIME, shortLived.registerOneTimePlan());
            shortLived.advanceClock(Duration.ofMinutes(15));

            assertThat(checkout.expiresAt()).contains(TestingMockFiat.START.plus(Duration.ofMinutes(15)));
            assertThat(shortLived.payer.pay(checkout).status()).isEqualTo(410);
        }
    }

    @Test
    void unknownSessionIsNotFound() {
        URI unknown = fiat.baseUrl().resolve("/checkout/cs_doesnotexist");

        assertThat(fiat.payer.get(unknown, false).status()).isEqualTo(404);
        assertThat(fiat.payer.post(URI.create(unknown + "/pay"), "", true).status()).isEqualTo(404);
        assertThat(fiat.payer.post(URI.create(unknown + "/decline"), "", true).status()).isEqualTo(404);
        assertThat(fiat.payer.get(fiat.baseUrl().resolve("/nothing/here"), true).status()).isEqualTo(404);
    }

    @Test
    void wrongMethodIsRefused() {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());

        assertThat(fiat.payer.get(URI.create(TestingPayer.pageOf(checkout) + "/pay"), true).status()).isEqualTo(405);
        assertThat(fiat.payer.post(TestingPayer.pageOf(checkout), "", true).status()).isEqualTo(405);
    }

    @Test
    void hostedPageShowsAmountPlanAndTheTwoButtons() {
        PlanDefinition plan = new PlanDefinition("plan-html", "Team <Pro> & \"more\"", TestingMockFiat.PRICE, Optional.of(TestingMockFiat.MONTH), 1);
        String planRef = fiat.provider().registerPlan(new RegisterPlanRequest(plan)).providerPlanRef();
        CheckoutResult checkout = fiat.checkout(CheckoutKind.SUBSCRIPTION, planRef);

        TestingPayer.Answer page = fiat.payer.get(TestingPayer.pageOf(checkout), false);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("19.99 USD")
                .contains("Team &lt;Pro&gt; &amp; &quot;more&quot;")
                .doesNotContain("<Pro>")
                .contains("every 30 days")
                .contains("name=\"card\"")
                .contains("action=\"" + checkout.providerReference() + "/pay\"")
                .contains("action=\"" + checkout.providerReference() + "/decline\"")
                .contains(">Pay 19.99 USD</button>")
                .contains(">Decline</button>")
                .contains("Expires 2 January 2030, 00:00 UTC");
    }

    @Test
    void browserPaymentRedirectsToTheReturnUrl() {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());

        TestingPayer.Answer paid = fiat.payer.post(URI.create(TestingPayer.pageOf(checkout) + "/pay"), "card=4242+4242+4242+4242", false);

        assertThat(paid.status()).isEqualTo(303);
        assertThat(paid.location()).contains("https://merchant.example/return");
        TestingPayer.Answer page = fiat.payer.get(TestingPayer.pageOf(checkout), false);
        assertThat(page.body()).contains("Paid with the card ending in 4242").doesNotContain("name=\"card\"");
    }

    @Test
    void browserDeclineShowsTheResultPage() {
        CheckoutResult checkout = fiat.checkout(CheckoutKind.ONE_TIME, fiat.registerOneTimePlan());

        fiat.payer.post(URI.create(TestingPayer.pageOf(checkout) + "/pay"), "card=4000000000000002", false);
        TestingPayer.Answer declined = fiat.payer.post(URI.create(TestingPayer.pageOf(checkout) + "/decline"), "", false);

        assertThat(declined.status()).isEqualTo(402);
        assertThat(declined.body()).contains("Payment failed", "payer_declined", "Return to the merchant", "https://merchant.example/return")
                .doesNotContain("Try again");
    }

    @Test
    void publicBaseUrlIsUsedForHostedPages(@TempDir Path otherDirectory) throws IOException {
        try (TestingMockFiat proxied = TestingMockFiat.start(otherDirectory, Map.of("public-base-url", "https://pay.example.com/psp/"))) {
            CheckoutResult checkout = proxied.checkout(CheckoutKind.ONE_TIME, proxied.registerOneTimePlan());

            assertThat(TestingPayer.pageOf(checkout)).isEqualTo(URI.create("https://pay.example.com/psp/checkout/" + checkout.providerReference()));
        }
    }

    private CheckoutRequest checkoutFor(String plan, Money amount) {
        return new CheckoutRequest(fiat.newId("checkout"), CheckoutKind.ONE_TIME, "customer", plan, amount, Optional.empty(), Optional.empty(), Map.of());
    }

    private JsonObject balance() {
        return fiat.payer.get(fiat.baseUrl().resolve("/v1/balance"), true).json();
    }
}

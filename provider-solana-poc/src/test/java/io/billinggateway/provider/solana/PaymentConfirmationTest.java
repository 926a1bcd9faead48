package io.billinggateway.provider.solana;

import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingEvent.PaymentConfirmed;
import io.billinggateway.spi.BillingEvent.PaymentFailed;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.EventPage;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.PollEventsRequest;
import io.billinggateway.spi.RegisterPlanRequest;
import io.billinggateway.tck.TestingClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payments found on a real Solana runtime ({@link TestingSolanaChain}) by their reference and judged: the right
 * transfer confirms the checkout with its signature; a wrong amount, a wrong token or a wrong recipient fails it
 * with {@link ErrorCode#PAYMENT_DECLINED} and a reason saying which. Every transfer here is built by Solana Pay's
 * own {@code createTransfer} from the provider's URL, with the named field changed.
 */
class PaymentConfirmationTest {
    private static final Money SOL_PRICE = Money.of(1_999, "SOL");
    private static final Money TOKEN_PRICE = Money.of(12_500_000, "USDC");

    private static TestingSolanaChain chain;
    private static String mint;
    private static String otherMint;
    private static String recipient;
    private static String stranger;

    @TempDir
    Path dataDirectory;

    private final TestingClock clock = new TestingClock(Instant.parse("2030-01-01T00:00:00Z"));
    private BillingProvider provider;
    private String solPlan;
    private String tokenPlan;

    @BeforeAll
    static void startChain() {
        chain = TestingSolanaChain.start();
        mint = chain.createMint(TestingProviders.TOKEN_DECIMALS);
        otherMint = chain.createMint(TestingProviders.TOKEN_DECIMALS);
        recipient = chain.newRecipient(mint, otherMint);
        stranger = chain.newRecipient(mint);
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @BeforeEach
    void createProvider() {
        provider = newProvider();
        solPlan = registerPlan("report", SOL_PRICE);
        tokenPlan = registerPlan("ebook", TOKEN_PRICE);
    }

    @AfterEach
    void closeProvider() {
        provider.close();
    }

    @Test
    void solPaymentIsConfirmedWithItsSignatureAndAmount() {
        CheckoutResult checkout = checkout(solPlan, SOL_PRICE);

        String signature = chain.pay(uri(checkout));

        assertThat(pollAll()).containsExactly(new PaymentConfirmed(signature, confirmedAt(), checkout.providerReference(), signature, SOL_PRICE));
    }

    @Test
    void tokenPaymentIsConfirmed() {
        CheckoutResult checkout = checkout(tokenPlan, TOKEN_PRICE);

        String signature = chain.pay(uri(checkout));

        PaymentConfirmed confirmed = single(PaymentConfirmed.class);
        assertThat(confirmed.providerReference()).isEqualTo(checkout.providerReference());
        assertThat(confirmed.transactionRef()).isEqualTo(signature);
        assertThat(confirmed.amount()).isEqualTo(TOKEN_PRICE);
    }

    @Test
    void wrongAmountIsRejected() {
        CheckoutResult underpaid = checkout(solPlan, SOL_PRICE);
        CheckoutResult overpaid = checkout(tokenPlan, TOKEN_PRICE);

        String underpayment = chain.pay(uri(underpaid), Map.of("amount", "0.000001998"));
        String overpayment = chain.pay(uri(overpaid), Map.of("amount", "12.500001"));

        assertThat(pollAll()).noneMatch(PaymentConfirmed.class::isInstance);
        assertRejected(underpaid, underpayment, "wrong amount: the recipient received 1998 lamports of SOL but 1999 lamports of SOL was asked");
        assertRejected(overpaid, overpayment, "wrong amount: the recipient received 12500001 base units of USDC");
    }

    @Test
    void wrongTokenIsRejected() {
        CheckoutResult otherMintForToken = checkout(tokenPlan, TOKEN_PRICE);
        CheckoutResult solForToken = checkout(tokenPlan, TOKEN_PRICE);
        CheckoutResult tokenForSol = checkout(solPlan, SOL_PRICE);

        String otherMintPayment = chain.pay(uri(otherMintForToken), Map.of("splToken", otherMint));
        Map<String, Object> paySol = new HashMap<>();
        paySol.put("splToken", null);
        String solPayment = chain.pay(uri(solForToken), paySol);
        String tokenPayment = chain.pay(uri(tokenForSol), Map.of("splToken", mint, "amount", "0.001999"));

        assertThat(pollAll()).noneMatch(PaymentConfirmed.class::isInstance);
        assertRejected(otherMintForToken, otherMintPayment, "wrong token: the recipient received base units of mint " + otherMint + " instead of 12500000 base units of USDC");
        assertRejected(solForToken, solPayment, "wrong token: the recipient received lamports of SOL instead of 12500000 base units of USDC");
        assertRejected(tokenForSol, tokenPayment, "wrong token: the recipient received base units of mint " + mint + " instead of 1999 lamports of SOL");
    }

    @Test
    void wrongRecipientIsRejected() {
        CheckoutResult solCheckout = checkout(solPlan, SOL_PRICE);
        CheckoutResult tokenCheckout = checkout(tokenPlan, TOKEN_PRICE);

        String solPayment = chain.pay(uri(solCheckout), Map.of("recipient", stranger));
        String tokenPayment = chain.pay(uri(tokenCheckout), Map.of("recipient", stranger));

        assertThat(pollAll()).noneMatch(PaymentConfirmed.class::isInstance);
        assertRejected(solCheckout, solPayment, "wrong recipient: the transfer credited " + stranger + " instead of the recipient " + recipient);
        assertRejected(tokenCheckout, tokenPayment, "wrong recipient: the transfer credited " + stranger + " instead of the recipient " + recipient);
    }

    @Test
    void theFirstTransferDecidesAndALaterOneChangesNothing() {
        CheckoutResult checkout = checkout(solPlan, SOL_PRICE);
        String wrong = chain.pay(uri(checkout), Map.of("amount", "0.000000001"));
        chain.pay(uri(checkout));

        EventPage page = provider.pollEvents(new PollEventsRequest(Optional.empty(), 100));

        assertThat(page.events()).hasSize(1);
        assertRejected(checkout, wrong, "wrong amount");
        assertThat(provider.pollEvents(new PollEventsRequest(Optional.of(page.nextCursor()), 100)).events()).as("nothing new after the cursor").isEmpty();
    }

    @Test
    void pendingCheckoutsSurviveARestart() {
        CheckoutResult checkout = checkout(tokenPlan, TOKEN_PRICE);
        EventPage before = provider.pollEvents(new PollEventsRequest(Optional.empty(), 100));
        provider.close();

        String signature = chain.pay(uri(checkout));
        provider = newProvider();
        EventPage after = provider.pollEvents(new PollEventsRequest(Optional.of(before.nextCursor()), 100));

        assertThat(after.events()).singleElement().isInstanceOfSatisfying(PaymentConfirmed.class, confirmed -> {
            assertThat(confirmed.providerReference()).isEqualTo(checkout.providerReference());
            assertThat(confirmed.transactionRef()).isEqualTo(signature);
        });
        assertThat(provider.checkout(request(tokenPlan, TOKEN_PRICE, "restart-" + checkout.providerReference())).providerReference())
                .as("a new checkout after the restart gets a new reference").isNotEqualTo(checkout.providerReference());
    }

    @Test
    void unpaidCheckoutExpires() {
        CheckoutResult checkout = checkout(solPlan, SOL_PRICE);
        assertThat(checkout.expiresAt()).contains(clock.instant().plus(Duration.ofHours(24)));

        assertThat(pollAll()).as("nothing happens before the expiry").isEmpty();
        clock.advanceTo(checkout.expiresAt().orElseThrow());

        PaymentFailed failed = single(PaymentFailed.class);
        assertThat(failed.eventId()).isEqualTo("expired:" + checkout.providerReference());
        assertThat(failed.code()).isEqualTo(ErrorCode.PAYMENT_DECLINED);
        assertThat(failed.reason()).startsWith("expired");
    }

    @Test
    void eventsArePagedAfterTheCursor() {
        String first = chain.pay(uri(checkout(solPlan, SOL_PRICE)));
        String second = chain.pay(uri(checkout(solPlan, SOL_PRICE)));

        EventPage page = provider.pollEvents(new PollEventsRequest(Optional.empty(), 1));
        EventPage next = provider.pollEvents(new PollEventsRequest(Optional.of(page.nextCursor()), 1));
        EventPage last = provider.pollEvents(new PollEventsRequest(Optional.of(next.nextCursor()), 1));

        assertThat(page.events()).extracting(BillingEvent::eventId).containsExactly(first);
        assertThat(page.caughtUp()).isFalse();
        assertThat(next.events()).extracting(BillingEvent::eventId).containsExactly(second);
        assertThat(next.caughtUp()).isTrue();
        assertThat(last.events()).isEmpty();
        assertThat(last.nextCursor()).isEqualTo(next.nextCursor());
    }

    private BillingProvider newProvider() {
        return TestingProviders.create(dataDirectory, clock, TestingProviders.values(chain.rpcUrl(), recipient, Optional.of(mint), Map.of()), Map.of());
    }

    private String registerPlan(String planId, Money price) {
        return provider.registerPlan(new RegisterPlanRequest(new PlanDefinition(planId, planId, price, Optional.empty(), 1))).providerPlanRef();
    }

    private CheckoutResult checkout(String planRef, Money amount) {
        return provider.checkout(request(planRef, amount, UUID.randomUUID().toString()));
    }

    private static CheckoutRequest request(String planRef, Money amount, String checkoutId) {
        return new CheckoutRequest(checkoutId, CheckoutKind.ONE_TIME, "customer-1", planRef, amount, Optional.empty(), Optional.empty(), Map.of());
    }

    private static URI uri(CheckoutResult checkout) {
        return ((CheckoutPayload.PaymentRequestUri) checkout.payload()).uri();
    }

    /** Every event from the start; the test chain has every transaction final at once, so one round finds them all. */
    private List<BillingEvent> pollAll() {
        List<BillingEvent> events = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        while (true) {
            EventPage page = provider.pollEvents(new PollEventsRequest(cursor, 100));
            events.addAll(page.events());
            cursor = Optional.of(page.nextCursor());
            if (page.caughtUp()) {
                return events;
            }
        }
    }

    private <T extends BillingEvent> T single(Class<T> type) {
        List<BillingEvent> events = pollAll();
        assertThat(events).singleElement().isInstanceOf(type);
        return type.cast(events.getFirst());
    }

    private void assertRejected(CheckoutResult checkout, String signature, String reason) {
        assertThat(pollAll()).filteredOn(event -> event instanceof PaymentFailed failed && failed.providerReference().equals(checkout.providerReference()))
                .singleElement()
                .isInstanceOfSatisfying(PaymentFailed.class, failed -> {
                    assertThat(failed.eventId()).isEqualTo(signature);
                    assertThat(failed.code()).isEqualTo(ErrorCode.PAYMENT_DECLINED);
                    assertThat(failed.reason()).startsWith("transfer " + signature + " rejected, ").contains(reason);
                });
    }

    /** The shim stamps blocks with the wall clock; the event carries the block time. */
    private Instant confirmedAt() {
        return pollAll().getFirst().occurredAt();
    }
}

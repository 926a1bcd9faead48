package io.billinggateway.provider.evm;

import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.CancelResult;
import io.billinggateway.spi.CancelSubscriptionRequest;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.EventPage;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PollEventsRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Events from a real chain: what a subscription checkout yields, that a wallet subscribing to the same plan again
 * gets a new reference, that pages of any size neither repeat nor skip, that nothing is final before the
 * confirmation depth, and that a reorganisation below it is noticed and read again.
 */
class EventPollingTest {
    private static final long PRICE = 7_000;

    private static TestingEvmChain chain;

    @BeforeAll
    static void startChain() {
        chain = TestingEvmChain.start(56);
    }

    @AfterAll
    static void stopChain() {
        chain.close();
    }

    @Test
    void subscriptionCheckoutYieldsActivationAndPaymentUnderTheCheckoutsReference() {
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, chain.values())) {
            String plan = provider.registerPlan(PRICE);
            Credentials payer = chain.newPayer();
            CheckoutResult checkout = provider.checkout(plan, PRICE, payer);
            assertThat(new TestingWallet(chain.anvil().web3j(), payer).send((CheckoutPayload.WalletTransaction) checkout.payload()).isStatusOK()).isTrue();

            assertThat(provider.poll()).as("nothing is final before " + TestingEvmChain.CONFIRMATIONS + " confirmations")
                    .noneMatch(event -> event instanceof BillingEvent.SubscriptionActivated);
            chain.confirm();
            BillingEvent.SubscriptionActivated activated = provider.awaitEvent(BillingEvent.SubscriptionActivated.class,
                    event -> event.providerReference().equals(checkout.providerReference()));
            BillingEvent.PaymentConfirmed paid = provider.awaitEvent(BillingEvent.PaymentConfirmed.class,
                    event -> event.providerReference().equals(checkout.providerReference()));
            assertThat(paid.amount()).isEqualTo(Money.of(PRICE, "ETH"));
            assertThat(activated.nextChargeAt()).hasValue(activated.occurredAt().plus(TestingEvmProvider.PERIOD));
            assertThat(activated.eventId()).matches("0x[0-9a-f]{64}:[0-9]+");
            assertThat(provider.poll()).as("the first period is the checkout's payment, not a renewal")
                    .noneMatch(event -> event instanceof BillingEvent.SubscriptionCharged charged && charged.subscriptionRef().equals(activated.subscriptionRef()));
        }
    }

    @Test
    void subscribingAgainAfterCancellingIsANewCheckoutWithANewReference() {
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, chain.values())) {
            String plan = provider.registerPlan(PRICE);
            Credentials payer = chain.newPayer();
            BillingEvent.SubscriptionActivated first = provider.subscribe(plan, PRICE, payer);
            assertThat(provider.provider().cancelSubscription(new CancelSubscriptionRequest(first.subscriptionRef(), CancelSubscriptionRequest.Initiator.OPERATOR)))
                    .isInstanceOf(CancelResult.Cancelled.class);
            BillingEvent.SubscriptionActivated second = provider.subscribe(plan, PRICE, payer);
            assertThat(second.providerReference()).isNotEqualTo(first.providerReference());
            assertThat(second.subscriptionRef()).isNotEqualTo(first.subscriptionRef());
        }
    }

    @Test
    void pagesOfAnySizeNeitherRepeatNorSkip() {
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, chain.values())) {
            for (int plan = 0; plan < 3; plan++) {
                String planHash = provider.registerPlan(PRICE + plan);
                provider.subscribe(planHash, PRICE + plan, chain.newPayer());
            }
            chain.confirm();
            List<String> whole = ids(provider.provider().pollEvents(new PollEventsRequest(Optional.empty(), 10_000)).events());
            assertThat(whole).hasSizeGreaterThanOrEqualTo(9).doesNotHaveDuplicates();

            List<String> paged = new ArrayList<>();
            Optional<String> cursor = Optional.empty();
            for (int page = 0; page < 100; page++) {
                EventPage result = provider.provider().pollEvents(new PollEventsRequest(cursor, 1));
                assertThat(result.events()).hasSizeLessThanOrEqualTo(1);
                paged.addAll(ids(result.events()));
                cursor = Optional.of(result.nextCursor());
                if (result.caughtUp() && result.events().isEmpty()) {
                    break;
                }
            }
            assertThat(paged).startsWith(whole.toArray(String[]::new)).doesNotHaveDuplicates();
        }
    }

    @Test
    void reorganisationBelowTheDepthIsNoticedAndReadAgain() {
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, chain.values())) {
            String plan = provider.registerPlan(PRICE);
            chain.confirm();
            provider.poll();
            Object snapshot = chain.anvil().rpc("evm_snapshot");
            BillingEvent.SubscriptionActivated lost = provider.subscribe(plan, PRICE, chain.newPayer());

            chain.anvil().rpc("evm_revert", snapshot);
            chain.mine(10);
            BillingEvent.SubscriptionActivated kept = provider.subscribe(plan, PRICE, chain.newPayer());

            assertThat(provider.metrics().count("evm_reorg_total", Map.of())).isEqualTo(1);
            assertThat(kept.subscriptionRef()).as("the new chain issued the id again").isEqualTo(lost.subscriptionRef());
            assertThat(kept.eventId()).isNotEqualTo(lost.eventId());
        }
    }

    @Test
    void cursorOfAnotherChainOrProviderIsRefused() {
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, chain.values())) {
            assertThatThrownBy(() -> provider.provider().pollEvents(new PollEventsRequest(Optional.of("evm1:1:5:-:0"), 10)))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                    .hasMessageContaining("chain 1, not to chain 56");
            assertThatThrownBy(() -> provider.provider().pollEvents(new PollEventsRequest(Optional.of("cursor-of-someone-else"), 10)))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        }
    }

    private static List<String> ids(List<BillingEvent> events) {
        return events.stream().map(BillingEvent::eventId).toList();
    }
}

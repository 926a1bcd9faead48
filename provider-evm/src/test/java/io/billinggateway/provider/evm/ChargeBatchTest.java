package io.billinggateway.provider.evm;

import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.CancelResult;
import io.billinggateway.spi.CancelSubscriptionRequest;
import io.billinggateway.spi.ChangePlanStatusRequest;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.PlanStatus;
import io.billinggateway.spi.RegisterPlanRequest;
import io.billinggateway.spi.SkipReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Renewals and cancellations on a real chain: one outcome per item in order across several transactions when a batch
 * exceeds the batch limit, every skip reason the contract reports, transactions whose receipt does not come,
 * concurrent senders on one key, the fee cap, and the three ways a subscription ends.
 */
class ChargeBatchTest {
    private static final long PRICE = 5_000;

    private static TestingEvmChain chain;

    @BeforeAll
    static void startChain() {
        chain = TestingEvmChain.start(1);
    }

    @AfterAll
    static void stopChain() {
        chain.close();
    }

    @Test
    void everyItemGetsItsOwnOutcomeInOrderAndPreviewedSkipsStayOutOfTheTransaction() throws IOException {
        Map<String, String> values = chain.values();
        values.put(EvmSettings.BATCH_LIMIT, "2");
        Map<String, String> noDeposit = chain.values();
        noDeposit.put(EvmSettings.DEPOSIT_PERIODS, "0");
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, values);
             TestingEvmProvider withoutDeposit = TestingEvmProvider.create(chain, noDeposit)) {
            assertThat(provider.provider().describe().maxBatchSize()).isEqualTo(2);
            String plan = provider.registerPlan(PRICE);
            BillingEvent.SubscriptionActivated first = provider.subscribe(plan, PRICE, chain.newPayer());
            BillingEvent.SubscriptionActivated second = provider.subscribe(plan, PRICE, chain.newPayer());
            BillingEvent.SubscriptionActivated cancelled = provider.subscribe(plan, PRICE, chain.newPayer());
            BillingEvent.SubscriptionActivated unfunded = withoutDeposit.subscribe(plan, PRICE, chain.newPayer());
            assertThat(provider.provider().cancelSubscription(new CancelSubscriptionRequest(cancelled.subscriptionRef(), CancelSubscriptionRequest.Initiator.OPERATOR)))
                    .isInstanceOf(CancelResult.Cancelled.class);
            provider.advanceTo(first.nextChargeAt().orElseThrow().plusSeconds(60));
            BillingEvent.SubscriptionActivated notDue = provider.subscribe(plan, PRICE, chain.newPayer());
            String automation = chain.suite().automation().getAddress();
            BigInteger sentBefore = transactionCount(automation);

            List<ChargeItem> items = List.of(item(first), item("999999"), item(second), item(notDue), item(cancelled), item("not-an-id"), item(unfunded));
            List<ChargeOutcome> outcomes = provider.provider().chargeBatch(new ChargeBatchRequest(items)).outcomes();

            assertThat(outcomes).extracting(ChargeOutcome::subscriptionRef).containsExactlyElementsOf(items.stream().map(ChargeItem::subscriptionRef).toList());
            assertThat(outcomes.get(0)).isInstanceOfSatisfying(ChargeOutcome.Charged.class, charged -> {
                assertThat(charged.amount()).isEqualTo(Money.of(PRICE, "ETH"));
                assertThat(charged.fee()).as("the suite's gateway keeps 1 %").isEqualTo(Money.of(PRICE / 100, "ETH"));
                assertThat(charged.gasUsed()).hasValueSatisfying(gas -> assertThat(gas).isPositive());
            });
            assertThat(skipReason(outcomes.get(1))).isEqualTo(SkipReason.NO_PLAN);
            assertThat(outcomes.get(2)).isInstanceOf(ChargeOutcome.Charged.class);
            assertThat(skipReason(outcomes.get(3))).isEqualTo(SkipReason.NOT_DUE);
            assertThat(skipReason(outcomes.get(4))).isEqualTo(SkipReason.SUBSCRIPTION_INACTIVE);
            assertThat(skipReason(outcomes.get(5))).isEqualTo(SkipReason.NO_PLAN);
            assertThat(skipReason(outcomes.get(6))).isEqualTo(SkipReason.INSUFFICIENT_BALANCE);
            assertThat(((ChargeOutcome.Charged) outcomes.get(0)).transactionRef())
                    .as("the previewed skips stay out of the transaction, so the two chargeable items fill one of batch limit 2")
                    .isEqualTo(((ChargeOutcome.Charged) outcomes.get(2)).transactionRef());
            assertThat(transactionCount(automation)).as("one chargeBatch transaction").isEqualTo(sentBefore.add(BigInteger.ONE));
        }
    }

    @Test
    void batchLargerThanTheLimitTravelsInSeveralTransactions() throws IOException {
        Map<String, String> values = chain.values();
        values.put(EvmSettings.BATCH_LIMIT, "2");
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, values)) {
            String plan = provider.registerPlan(PRICE);
            List<BillingEvent.SubscriptionActivated> subscriptions = List.of(provider.subscribe(plan, PRICE, chain.newPayer()),
                    provider.subscribe(plan, PRICE, chain.newPayer()), provider.subscribe(plan, PRICE, chain.newPayer()));
            provider.advanceTo(subscriptions.getLast().nextChargeAt().orElseThrow());
            String automation = chain.suite().automation().getAddress();
            BigInteger sentBefore = transactionCount(automation);

            List<ChargeOutcome> outcomes = provider.provider().chargeBatch(new ChargeBatchRequest(subscriptions.stream().map(ChargeBatchTest::item).toList()))
                    .outcomes();

            assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(ChargeOutcome.Charged.class));
            assertThat(((ChargeOutcome.Charged) outcomes.get(0)).transactionRef()).as("the third item travels in a second transaction")
                    .isNotEqualTo(((ChargeOutcome.Charged) outcomes.get(2)).transactionRef());
            assertThat(transactionCount(automation)).isEqualTo(sentBefore.add(BigInteger.TWO));
        }
    }

    /**
     * Issue 13, "risk": a provider with an empty data directory (a new machine, a lost volume, a crash between sending
     * and writing its state) asked again for a period it charged answers that charge, read from the chain's
     * SubscriptionCharged log, instead of NOT_DUE, and sends nothing.
     */
    @Test
    void aRepeatedChargeWithAnEmptyDataDirectoryAnswersTheSameChargeAndSendsNothing() throws IOException {
        String automation = chain.suite().automation().getAddress();
        ChargeItem due;
        ChargeOutcome first;
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, chain.values())) {
            String plan = provider.registerPlan(PRICE);
            BillingEvent.SubscriptionActivated activated = provider.subscribe(plan, PRICE, chain.newPayer());
            BillingEvent.SubscriptionActivated neighbour = provider.subscribe(plan, PRICE, chain.newPayer());
            provider.advanceTo(neighbour.nextChargeAt().orElseThrow().plusSeconds(30));
            due = item(activated);
            first = provider.provider().chargeBatch(new ChargeBatchRequest(List.of(due, item(neighbour)))).outcomes().getFirst();
            assertThat(first).isInstanceOf(ChargeOutcome.Charged.class);
        }
        BigInteger sentBefore = transactionCount(automation);
        try (TestingEvmProvider fresh = TestingEvmProvider.create(chain, chain.values(), TestingEvmProvider.newDirectory())) {
            chain.anvil().mine();

            ChargeOutcome again = fresh.provider().chargeBatch(new ChargeBatchRequest(List.of(due))).outcomes().getFirst();

            assertThat(again).as("the same transaction, amount, fee, gas share and next charge time").isEqualTo(first);
            assertThat(transactionCount(automation)).as("no second chargeBatch").isEqualTo(sentBefore);
        }
    }

    /** Issue 13, "risk": a frozen plan's renewals are previewed as skipped and cost no chain transaction, however often they are asked. */
    @Test
    void aFrozenPlanIsAnsweredSkippedWithoutATransaction() throws IOException {
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, chain.values())) {
            String plan = provider.registerPlan(PRICE);
            List<BillingEvent.SubscriptionActivated> subscriptions = List.of(provider.subscribe(plan, PRICE, chain.newPayer()),
                    provider.subscribe(plan, PRICE, chain.newPayer()));
            provider.provider().changePlanStatus(new ChangePlanStatusRequest(plan, PlanStatus.FROZEN));
            provider.advanceTo(subscriptions.getLast().nextChargeAt().orElseThrow());
            String automation = chain.suite().automation().getAddress();
            BigInteger sentBefore = transactionCount(automation);

            for (int lease = 0; lease < 3; lease++) {
                List<ChargeOutcome> outcomes = provider.provider().chargeBatch(new ChargeBatchRequest(subscriptions.stream().map(ChargeBatchTest::item).toList()))
                        .outcomes();
                assertThat(outcomes).extracting(ChargeBatchTest::skipReason).containsOnly(SkipReason.PLAN_INACTIVE);
            }

            assertThat(transactionCount(automation)).as("a batch whose every item is skipped sends nothing").isEqualTo(sentBefore);
        }
    }

    @Test
    void transactionWithoutReceiptIsPendingAndIsLookedUpByHashBeforeAnythingIsSentAgain() throws IOException {
        Map<String, String> values = chain.values();
        values.put(EvmSettings.RECEIPT_TIMEOUT, "500ms");
        String automation = chain.suite().automation().getAddress();
        TestingEvmProvider provider = TestingEvmProvider.create(chain, values);
        BillingEvent.SubscriptionActivated activated;
        ChargeItem due;
        String pendingHash;
        try {
            String plan = provider.registerPlan(PRICE);
            activated = provider.subscribe(plan, PRICE, chain.newPayer());
            provider.advanceTo(activated.nextChargeAt().orElseThrow());
            due = item(activated);

            chain.anvil().setAutomine(false);
            ChargeOutcome outcome = provider.provider().chargeBatch(new ChargeBatchRequest(List.of(due))).outcomes().getFirst();
            assertThat(outcome).isInstanceOf(ChargeOutcome.Pending.class);
            pendingHash = ((ChargeOutcome.Pending) outcome).transactionRef();
            assertThat(provider.provider().chargeBatch(new ChargeBatchRequest(List.of(due))).outcomes().getFirst())
                    .as("charging the pending period again reports the same transaction instead of sending another")
                    .isEqualTo(new ChargeOutcome.Pending(activated.subscriptionRef(), pendingHash));
        }
        finally {
            provider.close();
        }
        try (TestingEvmProvider restarted = TestingEvmProvider.create(chain, values, provider.dataDirectory())) {
            assertThat(restarted.provider().chargeBatch(new ChargeBatchRequest(List.of(due))).outcomes().getFirst())
                    .as("a restarted provider still knows the transaction it sent")
                    .isEqualTo(new ChargeOutcome.Pending(activated.subscriptionRef(), pendingHash));
            assertThat(pendingTransactions(automation)).as("one transaction of the automation key waits in the pool").isEqualTo(1);

            chain.anvil().setAutomine(true);
            chain.anvil().mine();
            assertThat(restarted.provider().chargeBatch(new ChargeBatchRequest(List.of(due))).outcomes().getFirst())
                    .isInstanceOfSatisfying(ChargeOutcome.Charged.class, charged -> assertThat(charged.transactionRef()).isEqualTo(pendingHash));
        }
        finally {
            chain.anvil().setAutomine(true);
        }
    }

    @Test
    void concurrentCallersShareOneSenderLaneAndNeverReuseANonce() throws Exception {
        String author = chain.suite().author().getAddress();
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, chain.values())) {
            BigInteger before = transactionCount(author);
            ExecutorService callers = Executors.newFixedThreadPool(6);
            try {
                List<Future<String>> plans = new ArrayList<>();
                for (int index = 0; index < 12; index++) {
                    plans.add(callers.submit(() -> provider.registerPlan(PRICE)));
                }
                List<Future<String>> again = new ArrayList<>();
                for (int index = 0; index < 6; index++) {
                    again.add(callers.submit(() -> provider.provider().registerPlan(new RegisterPlanRequest(new PlanDefinition("same-plan", "Same",
                            Money.of(PRICE, "ETH"), Optional.of(TestingEvmProvider.PERIOD), 1))).providerPlanRef()));
                }
                Set<String> hashes = new HashSet<>();
                for (Future<String> plan : plans) {
                    hashes.add(plan.get());
                }
                assertThat(hashes).hasSize(12);
                Set<String> sameHashes = new HashSet<>();
                for (Future<String> plan : again) {
                    sameHashes.add(plan.get());
                }
                assertThat(sameHashes).as("one plan version registered six times at once is one plan").hasSize(1);
            }
            finally {
                callers.shutdownNow();
            }
            assertThat(transactionCount(author)).isEqualTo(before.add(BigInteger.valueOf(13)));
        }
    }

    @Test
    void feeAboveTheCapSendsNothing() throws IOException {
        Map<String, String> values = chain.values();
        values.put(EvmSettings.MAX_FEE_PER_GAS_CAP, "1");
        String author = chain.suite().author().getAddress();
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, values)) {
            BigInteger before = transactionCount(author);
            assertThatThrownBy(() -> provider.registerPlan(PRICE))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NETWORK_UNAVAILABLE))
                    .hasMessageContaining("above max-fee-per-gas-cap 1");
            assertThat(transactionCount(author)).isEqualTo(before);
        }
    }

    @Test
    void subscriberCancelsWithTheirWalletAndTheDepositComesBack() throws IOException {
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, chain.values())) {
            long price = 1_000_000_000_000_000L;
            String plan = provider.registerPlan(price);
            var payer = chain.newPayer();
            BillingEvent.SubscriptionActivated activated = provider.subscribe(plan, price, payer);
            CancelResult result = provider.provider().cancelSubscription(new CancelSubscriptionRequest(activated.subscriptionRef(),
                    CancelSubscriptionRequest.Initiator.SUBSCRIBER));
            assertThat(result).isInstanceOf(CancelResult.ActionRequired.class);
            CheckoutPayload.WalletTransaction unsubscribe = (CheckoutPayload.WalletTransaction) ((CancelResult.ActionRequired) result).payload();
            assertThat(unsubscribe.to()).isEqualTo(chain.suite().subscriptions().address());

            BigInteger before = chain.anvil().balance(payer.getAddress());
            assertThat(new TestingWallet(chain.anvil().web3j(), payer).send(unsubscribe).isStatusOK()).isTrue();
            assertThat(chain.anvil().balance(payer.getAddress())).as("the deposit of 12 periods (0.012 ETH), less gas, came back").isGreaterThan(before);
            chain.confirm();
            provider.awaitEvent(BillingEvent.SubscriptionCancelled.class, event -> event.subscriptionRef().equals(activated.subscriptionRef()));
            assertThat(provider.provider().cancelSubscription(new CancelSubscriptionRequest(activated.subscriptionRef(),
                    CancelSubscriptionRequest.Initiator.SUBSCRIBER))).as("cancelling again is a no-op").isInstanceOf(CancelResult.Cancelled.class);
        }
    }

    @Test
    void spentRetryBudgetEndsTheSubscriptionOnChain() {
        Map<String, String> values = chain.values();
        values.put(EvmSettings.DEPOSIT_PERIODS, "0");
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, values)) {
            String plan = provider.registerPlan(PRICE);
            BillingEvent.SubscriptionActivated activated = provider.subscribe(plan, PRICE, chain.newPayer());
            provider.advanceTo(activated.nextChargeAt().orElseThrow());
            assertThat(skipReason(provider.provider().chargeBatch(new ChargeBatchRequest(List.of(item(activated)))).outcomes().getFirst()))
                    .isEqualTo(SkipReason.INSUFFICIENT_BALANCE);

            CancelResult result = provider.provider().cancelSubscription(new CancelSubscriptionRequest(activated.subscriptionRef(),
                    CancelSubscriptionRequest.Initiator.RETRIES_EXHAUSTED));

            assertThat(result).isInstanceOf(CancelResult.Cancelled.class);
            chain.confirm();
            provider.awaitEvent(BillingEvent.SubscriptionCancelled.class, event -> event.subscriptionRef().equals(activated.subscriptionRef()));
            assertThat(provider.poll()).as("markFailedCharge counted the failure on chain first")
                    .anyMatch(event -> event instanceof BillingEvent.SubscriptionChargeFailed failed && failed.subscriptionRef().equals(activated.subscriptionRef()));
            assertThat(skipReason(provider.provider().chargeBatch(new ChargeBatchRequest(List.of(item(activated)))).outcomes().getFirst()))
                    .isEqualTo(SkipReason.SUBSCRIPTION_INACTIVE);
        }
    }

    /**
     * Issue 13, one retry budget: the suite keeps retries of its own (maxRetries 2), so without an operator key the
     * gateway's final failure could only call markFailedCharge, which schedules another on-chain attempt (CONFLICT) and
     * leaves the subscription active with its deposit locked while the gateway says failed. Such a network is refused.
     */
    @Test
    void withoutAnOperatorKeyAContractWithItsOwnRetryBudgetIsRefused() {
        assertThatThrownBy(() -> TestingEvmProvider.create(chain, chain.configWithoutOperator("chain-" + chain.chainId(), chain.values()),
                TestingEvmProvider.newDirectory()))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
                .hasMessageContaining("maxRetries 2")
                .hasMessageContaining("operator-key")
                .hasMessageContaining("charge-max-retries is the only retry budget");
    }

    @Test
    void tokenSubscriptionNeedsAnAllowanceAndPullsEachPeriodFromIt() {
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, chain.values())) {
            Money price = Money.of(PRICE, "BTT");
            String plan = provider.provider().registerPlan(new RegisterPlanRequest(new PlanDefinition("token-plan-" + UUID.randomUUID(), "Token plan",
                    price, Optional.of(TestingEvmProvider.PERIOD), 1))).providerPlanRef();
            var withoutAllowance = chain.newPayer();
            assertThatThrownBy(() -> provider.provider().checkout(new CheckoutRequest("checkout-" + UUID.randomUUID(), CheckoutKind.SUBSCRIPTION,
                    "customer-1", plan, price, Optional.of(withoutAllowance.getAddress()), Optional.empty(), Map.of())))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS))
                    .hasMessageContaining("must first approve the PaymentGateway " + chain.suite().gateway().address());

            var payer = chain.suite().subscriberWithTokens(BigInteger.valueOf(PRICE * 3));
            CheckoutResult checkout = provider.provider().checkout(new CheckoutRequest("checkout-" + UUID.randomUUID(), CheckoutKind.SUBSCRIPTION,
                    "customer-1", plan, price, Optional.of(payer.getAddress()), Optional.empty(), Map.of()));
            assertThat(((CheckoutPayload.WalletTransaction) checkout.payload()).value()).as("a token plan takes no native coin").isZero();
            assertThat(new TestingWallet(chain.anvil().web3j(), payer).send((CheckoutPayload.WalletTransaction) checkout.payload()).isStatusOK()).isTrue();
            chain.confirm();
            BillingEvent.SubscriptionActivated activated = provider.awaitEvent(BillingEvent.SubscriptionActivated.class,
                    event -> event.providerReference().equals(checkout.providerReference()));
            assertThat(provider.awaitEvent(BillingEvent.PaymentConfirmed.class, event -> event.providerReference().equals(checkout.providerReference())).amount())
                    .isEqualTo(price);

            provider.advanceTo(activated.nextChargeAt().orElseThrow());
            ChargeItem due = new ChargeItem(activated.subscriptionRef(), activated.nextChargeAt().orElseThrow(), price);
            assertThat(provider.provider().chargeBatch(new ChargeBatchRequest(List.of(due))).outcomes().getFirst())
                    .isInstanceOfSatisfying(ChargeOutcome.Charged.class, charged -> assertThat(charged.amount()).isEqualTo(price));
        }
    }

    /**
     * Issue 13: a renewal more than a period late restarts on chain from the block's time; the outcome carries the
     * chain's next charge time, which the gateway stores instead of its own period start plus one period.
     */
    @Test
    void aLateRenewalReportsTheChainsRestartedNextChargeTime() {
        try (TestingEvmProvider provider = TestingEvmProvider.create(chain, chain.values())) {
            String plan = provider.registerPlan(PRICE);
            BillingEvent.SubscriptionActivated activated = provider.subscribe(plan, PRICE, chain.newPayer());
            Instant due = activated.nextChargeAt().orElseThrow();
            Instant late = due.plus(TestingEvmProvider.PERIOD.multipliedBy(3)).plus(java.time.Duration.ofDays(5));
            provider.advanceTo(late);

            ChargeOutcome outcome = provider.provider().chargeBatch(new ChargeBatchRequest(List.of(item(activated)))).outcomes().getFirst();

            chain.confirm();
            BillingEvent.SubscriptionCharged event = provider.awaitEvent(BillingEvent.SubscriptionCharged.class,
                    charged -> charged.subscriptionRef().equals(activated.subscriptionRef()));
            assertThat(outcome).isInstanceOfSatisfying(ChargeOutcome.Charged.class, charged -> {
                assertThat(charged.nextChargeAt()).as("the chain's nextChargeAt, as its SubscriptionCharged event says").isEqualTo(event.nextChargeAt());
                assertThat(charged.nextChargeAt()).hasValueSatisfying(next -> assertThat(next)
                        .as("restarted from the charge, not the missed period's start plus one period (%s)", due.plus(TestingEvmProvider.PERIOD))
                        .isAfterOrEqualTo(late.plus(TestingEvmProvider.PERIOD))
                        .isBefore(late.plus(TestingEvmProvider.PERIOD).plus(java.time.Duration.ofHours(1))));
            });
            ChargeItem missed = new ChargeItem(activated.subscriptionRef(), due.plus(TestingEvmProvider.PERIOD), Money.of(PRICE, "ETH"));
            assertThat(skipReason(provider.provider().chargeBatch(new ChargeBatchRequest(List.of(missed))).outcomes().getFirst()))
                    .as("a missed period is not charged afterwards").isEqualTo(SkipReason.NOT_DUE);
        }
    }

    private static ChargeItem item(BillingEvent.SubscriptionActivated activated) {
        return new ChargeItem(activated.subscriptionRef(), activated.nextChargeAt().orElseThrow(), Money.of(PRICE, "ETH"));
    }

    private static ChargeItem item(String subscriptionRef) {
        return new ChargeItem(subscriptionRef, Instant.EPOCH, Money.of(PRICE, "ETH"));
    }

    private static SkipReason skipReason(ChargeOutcome outcome) {
        assertThat(outcome).isInstanceOf(ChargeOutcome.Skipped.class);
        return ((ChargeOutcome.Skipped) outcome).reason();
    }

    private static BigInteger transactionCount(String account) throws IOException {
        return chain.anvil().web3j().ethGetTransactionCount(account, DefaultBlockParameterName.LATEST).send().getTransactionCount();
    }

    private static long pendingTransactions(String account) {
        try {
            return chain.anvil().web3j().ethGetTransactionCount(account, DefaultBlockParameterName.PENDING).send().getTransactionCount()
                    .subtract(transactionCount(account)).longValueExact();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

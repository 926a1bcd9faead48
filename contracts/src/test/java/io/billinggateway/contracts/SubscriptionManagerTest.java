package io.billinggateway.contracts;

import static io.billinggateway.contracts.ContractAssertions.assertReverts;
import static io.billinggateway.contracts.EventAssertions.assertEmits;
import static io.billinggateway.contracts.TestingBillingSuite.FEE_BPS;
import static io.billinggateway.contracts.TestingBillingSuite.ONE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

class SubscriptionManagerTest {
    private static final Duration DAY = Duration.ofDays(1);
    private static final BigInteger PRICE = ONE_TOKEN.multiply(BigInteger.TEN);

    private static TestingAnvil anvil;
    private static TestingBillingSuite suite;
    private static SubscriptionManager subscriptions;

    @BeforeAll
    static void startChain() {
        anvil = TestingAnvil.start(1);
        suite = TestingBillingSuite.deploy(anvil);
        subscriptions = suite.subscriptions();
    }

    @AfterAll
    static void stopChain() {
        anvil.close();
    }

    @Test
    void subscribingToATokenPlanPaysTheFirstPeriodNetOfTheFee() {
        String merchant = anvil.newAccount().getAddress();
        String planHash = suite.publish(suite.plan(merchant, suite.token().address(), PRICE, DAY));
        Credentials subscriber = suite.subscriberWithTokens(PRICE.multiply(BigInteger.TWO));
        BigInteger feeReceiverBefore = suite.erc20().balanceOf(suite.feeReceiver());

        TransactionReceipt receipt = suite.send(subscriber, subscriptions.subscribe(planHash));

        BigInteger fee = fee(PRICE);
        Instant blockTime = blockTime(receipt);
        List<SubscriptionEvent> events = subscriptions.events(receipt);
        assertThat(events).hasSize(2);
        SubscriptionEvent.Activated activated = (SubscriptionEvent.Activated) events.get(0);
        BigInteger id = activated.subscriptionId();
        assertThat(activated).isEqualTo(new SubscriptionEvent.Activated(activated.location(), id, planHash,
                Hex.address(subscriber.getAddress()), blockTime.plus(DAY), BigInteger.ZERO));
        assertThat(events.get(1)).isEqualTo(new SubscriptionEvent.Charged(events.get(1).location(), id, planHash,
                Hex.address(subscriber.getAddress()), PRICE, fee, blockTime.plus(DAY)));
        assertThat(suite.gateway().payments(receipt)).singleElement().satisfies(payment -> {
            assertThat(payment.module()).isEqualTo(subscriptions.address());
            assertThat(payment.merchant()).isEqualTo(Hex.address(merchant));
            assertThat(payment.amount()).isEqualTo(PRICE);
            assertThat(payment.fee()).isEqualTo(fee);
        });

        assertThat(suite.erc20().balanceOf(merchant)).isEqualTo(PRICE.subtract(fee));
        assertThat(suite.erc20().balanceOf(suite.feeReceiver())).isEqualTo(feeReceiverBefore.add(fee));
        assertThat(suite.erc20().balanceOf(subscriber.getAddress())).isEqualTo(PRICE);
        assertThat(subscriptions.getSubscription(id)).contains(new Subscription(id, subscriber.getAddress(), planHash,
                SubscriptionStatus.ACTIVE, blockTime.plus(DAY), Optional.empty(), 0, BigInteger.ZERO));
        assertThat(subscriptions.nextChargeAt(id)).isEqualTo(blockTime.plus(DAY));
        assertThat(subscriptions.activeSubscriptionOf(subscriber.getAddress(), planHash)).contains(id);
    }

    @Test
    void nativePlansRunOnADepositThatIsRefundedOnUnsubscribe() {
        String merchant = anvil.newAccount().getAddress();
        BigInteger price = ONE_TOKEN;
        String planHash = suite.publish(suite.plan(merchant, PaymentGateway.NATIVE_COIN, price, DAY));
        Credentials subscriber = anvil.newAccount();

        TransactionReceipt subscribed = suite.send(subscriber, subscriptions.subscribe(planHash, price.multiply(BigInteger.valueOf(3))));
        BigInteger id = subscriptions.activatedSubscriptionId(subscribed);
        assertThat(subscriptions.getSubscription(id).orElseThrow().deposit()).isEqualTo(price.multiply(BigInteger.TWO));
        assertThat(anvil.balance(merchant)).isEqualTo(TestingAnvil.FUNDING.add(price.subtract(fee(price))));

        TransactionReceipt toppedUp = suite.send(anvil.newAccount(), subscriptions.deposit(id, price));
        assertThat(subscriptions.events(toppedUp)).singleElement().isInstanceOfSatisfying(SubscriptionEvent.DepositAdded.class,
                event -> assertThat(List.of(event.amount(), event.deposit())).containsExactly(price, price.multiply(BigInteger.valueOf(3))));

        advance(DAY);
        assertThat(subscriptions.chargeOutcomes(suite.send(suite.automation(), subscriptions.charge(id))))
                .singleElement().isInstanceOf(SubscriptionEvent.Charged.class);
        assertThat(subscriptions.getSubscription(id).orElseThrow().deposit()).isEqualTo(price.multiply(BigInteger.TWO));

        BigInteger heldBefore = anvil.balance(subscriptions.address());
        TransactionReceipt cancelled = suite.send(subscriber, subscriptions.unsubscribe(id));
        assertThat(subscriptions.events(cancelled)).singleElement().isEqualTo(new SubscriptionEvent.Cancelled(
                subscriptions.events(cancelled).getFirst().location(), id, Hex.address(subscriber.getAddress()),
                Hex.address(subscriber.getAddress()), price.multiply(BigInteger.TWO), "unsubscribed"));
        assertThat(anvil.balance(subscriptions.address())).isEqualTo(heldBefore.subtract(price.multiply(BigInteger.TWO)));
        assertThat(subscriptions.getSubscription(id).orElseThrow().status()).isEqualTo(SubscriptionStatus.CANCELLED);
        assertThat(subscriptions.activeSubscriptionOf(subscriber.getAddress(), planHash)).isEmpty();

        assertReverts("SubscriptionNotActive", () -> suite.send(subscriber, subscriptions.unsubscribe(id)));
        assertReverts("SubscriptionNotActive", () -> suite.send(subscriber, subscriptions.deposit(id, price)));
        // Cancelled subscriptions may be started again.
        suite.send(subscriber, subscriptions.subscribe(planHash, price));
    }

    @Test
    void subscribeRejectsWhatCannotBePaidOrIsNotOnOffer() {
        String tokenPlan = suite.publishTokenPlan(PRICE);
        String nativePlan = suite.publish(suite.plan(anvil.newAccount().getAddress(), PaymentGateway.NATIVE_COIN, ONE_TOKEN, DAY));

        assertReverts("PlanNotFound", () -> suite.send(anvil.newAccount(), subscriptions.subscribe(Hex.bytes32(Hash.sha3(new byte[] {1})))));

        Credentials withoutApproval = anvil.newAccount();
        suite.send(withoutApproval, suite.token().mint(withoutApproval.getAddress(), PRICE));
        assertReverts("InsufficientAllowance", () -> suite.send(withoutApproval, subscriptions.subscribe(tokenPlan)));

        Credentials withoutTokens = anvil.newAccount();
        suite.send(withoutTokens, suite.erc20().approve(suite.gateway().address(), PRICE));
        assertReverts("InsufficientBalance", () -> suite.send(withoutTokens, subscriptions.subscribe(tokenPlan)));

        Credentials subscriber = suite.subscriberWithTokens(PRICE.multiply(BigInteger.TWO));
        assertReverts("NativeValueNotAccepted", () -> suite.send(subscriber, subscriptions.subscribe(tokenPlan, BigInteger.ONE)));
        BigInteger id = suite.subscribe(subscriber, tokenPlan);
        assertReverts("AlreadySubscribed", () -> suite.send(subscriber, subscriptions.subscribe(tokenPlan)));
        assertReverts("NotNativePlan", () -> suite.send(subscriber, subscriptions.deposit(id, BigInteger.ONE)));

        assertReverts("InsufficientDeposit",
                () -> suite.send(subscriber, subscriptions.subscribe(nativePlan, ONE_TOKEN.subtract(BigInteger.ONE))));

        suite.send(suite.operator(), suite.plans().setPlanStatus(nativePlan, PlanStatus.INACTIVE));
        assertReverts("PlanNotActive", () -> suite.send(subscriber, subscriptions.subscribe(nativePlan, ONE_TOKEN)));
    }

    @Test
    void subscribeWithPermitSurvivesAFrontRunPermit() {
        String planHash = suite.publishTokenPlan(PRICE);
        Erc20Token token = suite.erc20();
        String gateway = suite.gateway().address();

        Credentials subscriber = anvil.newAccount();
        suite.send(subscriber, suite.token().mint(subscriber.getAddress(), PRICE.multiply(BigInteger.TEN)));
        PermitSignature permit = permit(subscriber, PRICE.multiply(BigInteger.TEN));
        BigInteger id = subscriptions.activatedSubscriptionId(
                suite.send(subscriber, subscriptions.subscribeWithPermit(planHash, permit)));
        assertThat(subscriptions.getSubscription(id)).isPresent();
        assertThat(token.allowance(subscriber.getAddress(), gateway)).isEqualTo(PRICE.multiply(BigInteger.valueOf(9)));

        // Someone copies the permit from the mempool and submits it first: the subscription still goes through.
        Credentials victim = anvil.newAccount();
        suite.send(victim, suite.token().mint(victim.getAddress(), PRICE));
        PermitSignature copied = permit(victim, PRICE);
        suite.send(anvil.newAccount(), token.permit(victim.getAddress(), gateway, copied));
        assertThat(subscriptions.activatedSubscriptionId(suite.send(victim, subscriptions.subscribeWithPermit(planHash, copied))))
                .isPositive();

        // A bad permit and no allowance: refused on the allowance.
        Credentials stranger = anvil.newAccount();
        suite.send(stranger, suite.token().mint(stranger.getAddress(), PRICE));
        PermitSignature forged = PermitSignature.of(PRICE, anvil.now().plus(DAY),
                TypedData.sign(token.permitDigest(stranger.getAddress(), gateway, PRICE, anvil.now().plus(DAY)),
                        anvil.newAccount().getEcKeyPair()));
        assertReverts("InsufficientAllowance", () -> suite.send(stranger, subscriptions.subscribeWithPermit(planHash, forged)));
        assertReverts("TokenNotSupported", () -> suite.send(stranger, subscriptions.subscribeWithPermit(
                suite.publish(suite.plan(anvil.newAccount().getAddress(), PaymentGateway.NATIVE_COIN, ONE_TOKEN, DAY)), forged)));
    }

    @Test
    void chargesOnlyWhenDueAndOnlyOncePerPeriod() {
        String planHash = suite.publishTokenPlan(PRICE);
        Credentials subscriber = suite.subscriberWithTokens(PRICE.multiply(BigInteger.TEN));
        BigInteger id = suite.subscribe(subscriber, planHash);
        Instant firstDue = subscriptions.nextChargeAt(id);

        assertThat(skipReasons(suite.send(suite.automation(), subscriptions.charge(id)))).containsExactly(SkipReason.NOT_DUE);
        assertThat(subscriptions.previewCharge(id).skipReason()).contains(SkipReason.NOT_DUE);

        anvil.setNextBlockTimestamp(firstDue);
        anvil.mine();
        assertThat(subscriptions.previewCharge(id)).isEqualTo(new ChargePreview(Optional.empty(), PRICE));
        TransactionReceipt charged = suite.send(suite.automation(), subscriptions.charge(id));
        assertThat(subscriptions.chargeOutcomes(charged)).singleElement().isInstanceOfSatisfying(SubscriptionEvent.Charged.class,
                event -> {
                    assertThat(event.amount()).isEqualTo(PRICE);
                    assertThat(event.fee()).isEqualTo(fee(PRICE));
                    // The schedule keeps its rhythm: next due one period after the previous due date.
                    assertThat(event.nextChargeAt()).isEqualTo(firstDue.plus(DAY));
                });
        assertThat(skipReasons(suite.send(suite.automation(), subscriptions.charge(id)))).containsExactly(SkipReason.NOT_DUE);

        // A subscription far behind is charged once and then due a full period from now, not for every missed period.
        advance(Duration.ofDays(10));
        TransactionReceipt late = suite.send(suite.automation(), subscriptions.chargeBatch(List.of(id, id, id)));
        assertThat(kinds(subscriptions.chargeOutcomes(late))).containsExactly("Charged", "NOT_DUE", "NOT_DUE");
        assertThat(subscriptions.nextChargeAt(id)).isEqualTo(blockTime(late).plus(DAY));
    }

    @Test
    void onlyAutomationCharges() {
        BigInteger id = suite.subscribe(suite.subscriberWithTokens(PRICE), suite.publishTokenPlan(PRICE));
        for (Credentials notAutomation : List.of(suite.operator(), suite.governor(), suite.admin(), anvil.newAccount())) {
            assertReverts("MissingRole", () -> suite.send(notAutomation, subscriptions.charge(id)));
            assertReverts("MissingRole", () -> suite.send(notAutomation, subscriptions.chargeBatch(List.of(id))));
            assertReverts("MissingRole", () -> suite.send(notAutomation, subscriptions.markFailedCharge(id)));
        }
        // A revoked keeper is cut off at once.
        Credentials keeper = anvil.newAccount();
        suite.send(suite.admin(), suite.core().grantRole(Role.AUTOMATION, keeper.getAddress()));
        suite.send(keeper, subscriptions.charge(id));
        suite.send(suite.admin(), suite.core().revokeRole(Role.AUTOMATION, keeper.getAddress()));
        assertReverts("MissingRole", () -> suite.send(keeper, subscriptions.charge(id)));
    }

    @Test
    void aBatchWithMixedOutcomesChargesWhatItCanAndSaysWhyForTheRest() {
        // Due and funded.
        String tokenPlan = suite.publishTokenPlan(PRICE);
        Credentials funded = suite.subscriberWithTokens(PRICE.multiply(BigInteger.TEN));
        BigInteger charged = suite.subscribe(funded, tokenPlan);
        // Due but the subscriber spent the tokens.
        Credentials broke = suite.subscriberWithTokens(PRICE.multiply(BigInteger.TWO));
        BigInteger insufficient = suite.subscribe(broke, tokenPlan);
        suite.send(broke, suite.erc20().transfer(anvil.newAccount().getAddress(), PRICE));
        // Due but its plan was deactivated.
        String retiredPlan = suite.publishTokenPlan(PRICE);
        BigInteger planInactive = suite.subscribe(suite.subscriberWithTokens(PRICE.multiply(BigInteger.TWO)), retiredPlan);
        suite.send(suite.author(), suite.plans().setPlanStatus(retiredPlan, PlanStatus.INACTIVE));
        // Cancelled.
        Credentials leaving = suite.subscriberWithTokens(PRICE.multiply(BigInteger.TWO));
        BigInteger cancelled = suite.subscribe(leaving, tokenPlan);
        suite.send(leaving, subscriptions.unsubscribe(cancelled));
        // Due, native, but the merchant's wallet rejects the coin.
        Credentials walletOwner = anvil.newAccount();
        TestingContracts.SmartWallet rejectingMerchant = TestingContracts.deploySmartWallet(anvil, walletOwner);
        String nativePlan = suite.publish(suite.plan(rejectingMerchant.address(), PaymentGateway.NATIVE_COIN, ONE_TOKEN, DAY));
        BigInteger paymentFails = subscriptions.activatedSubscriptionId(
                suite.send(anvil.newAccount(), subscriptions.subscribe(nativePlan, ONE_TOKEN.multiply(BigInteger.TWO))));
        suite.send(walletOwner, rejectingMerchant.setAcceptsNative(false));
        advance(DAY);
        // Not due: subscribed after the clock moved.
        BigInteger notDue = suite.subscribe(suite.subscriberWithTokens(PRICE), suite.publishTokenPlan(PRICE));
        BigInteger unknown = subscriptions.lastSubscriptionId().add(BigInteger.valueOf(1000));
        Subscription beforeFailure = subscriptions.getSubscription(paymentFails).orElseThrow();

        List<BigInteger> batch = List.of(charged, notDue, insufficient, planInactive, unknown, cancelled, paymentFails, charged);
        TransactionReceipt receipt = suite.send(suite.automation(), subscriptions.chargeBatch(batch));

        List<ChargeOutcome> outcomes = subscriptions.chargeOutcomes(receipt);
        assertThat(outcomes).extracting(ChargeOutcome::subscriptionId).containsExactlyElementsOf(batch);
        assertThat(kinds(outcomes)).containsExactly("Charged", "NOT_DUE", "INSUFFICIENT_BALANCE", "PLAN_INACTIVE", "NO_PLAN",
                "SUBSCRIPTION_INACTIVE", "PAYMENT_FAILED", "NOT_DUE");
        // The failed payment left nothing changed.
        assertThat(subscriptions.getSubscription(paymentFails)).contains(beforeFailure);
        assertThat(suite.erc20().balanceOf(funded.getAddress())).isEqualTo(PRICE.multiply(BigInteger.valueOf(8)));
    }

    @Test
    void aSubscriptionIsNeverChargedTwiceInOneBlock() {
        BigInteger id = suite.subscribe(suite.subscriberWithTokens(PRICE.multiply(BigInteger.TEN)), suite.publishTokenPlan(PRICE));
        advance(DAY);
        Web3jTransactionSender automation = anvil.sender(suite.automation());
        BigInteger gas = BigInteger.valueOf(1_000_000);
        List<String> transactions = new ArrayList<>();
        anvil.setAutomine(false);
        try {
            transactions.add(automation.submit(subscriptions.charge(id), gas));
            transactions.add(automation.submit(subscriptions.chargeBatch(List.of(id, id)), gas));
            transactions.add(automation.submit(subscriptions.charge(id), gas));
            anvil.mine();
        } finally {
            anvil.setAutomine(true);
        }
        List<TransactionReceipt> receipts = transactions.stream().map(automation::awaitReceipt).toList();
        assertThat(receipts).extracting(TransactionReceipt::getBlockNumber).containsOnly(receipts.getFirst().getBlockNumber());
        List<String> kinds = receipts.stream().flatMap(receipt -> kinds(subscriptions.chargeOutcomes(receipt)).stream()).toList();
        assertThat(kinds).containsExactly("Charged", "NOT_DUE", "NOT_DUE", "NOT_DUE");
    }

    @Test
    void tooLittleGasRevertsTheBatchInsteadOfRecordingFalsePaymentFailures() {
        // A token whose transfers are expensive: with too little gas the payment runs out of gas while the
        // SubscriptionManager keeps 1/64 of it, enough to record a skip if it did not check.
        TestingContracts.FeeOnTransferToken heavy = TestingContracts.deployGasHeavyToken(anvil, suite.admin());
        suite.send(suite.governor(), suite.gateway().setTokenSupported(heavy.address(), true));
        String planHash = suite.publish(suite.plan(anvil.newAccount().getAddress(), heavy.address(), PRICE, DAY));
        List<BigInteger> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Credentials subscriber = anvil.newAccount();
            suite.send(subscriber, heavy.mint(subscriber.getAddress(), PRICE.multiply(BigInteger.TWO)));
            suite.send(subscriber, heavy.approve(suite.gateway().address(), PRICE.multiply(BigInteger.TWO)));
            ids.add(suite.subscribe(subscriber, planHash));
        }
        advance(DAY);
        ContractCall batch = subscriptions.chargeBatch(ids);
        Object due = anvil.rpc("evm_snapshot");
        long gasUsed = suite.send(suite.automation(), batch).getGasUsed().longValueExact();
        anvil.rpc("evm_revert", due);

        // Replay the batch from the same state with ever less gas: it either charges all three or reverts whole.
        // Blocks are mined explicitly so that no transaction races a snapshot revert.
        int charged = 0;
        int reverted = 0;
        anvil.setAutomine(false);
        try {
            for (long gas = gasUsed * 13 / 10; gas > gasUsed / 2; gas -= gasUsed / 50) {
                Object snapshot = anvil.rpc("evm_snapshot");
                // A fresh sender each time: reverting the chain also reverts the account's nonce.
                Web3jTransactionSender automation = anvil.sender(suite.automation());
                try {
                    String transaction = automation.submit(batch, BigInteger.valueOf(gas));
                    anvil.mine();
                    TransactionReceipt receipt = automation.awaitReceipt(transaction);
                    assertThat(kinds(subscriptions.chargeOutcomes(receipt))).as("with %d gas", gas)
                            .containsExactly("Charged", "Charged", "Charged");
                    charged++;
                } catch (ContractRevertException e) {
                    reverted++;
                } finally {
                    anvil.rpc("evm_revert", snapshot);
                }
            }
        } finally {
            anvil.setAutomine(true);
        }
        assertThat(charged).isPositive();
        assertThat(reverted).isPositive();
    }

    @Test
    void batchesAreBoundedByTheGovernorsBatchLimit() {
        assertThat(subscriptions.batchLimit()).isEqualTo(100);
        assertReverts("MissingRole", () -> suite.send(suite.operator(), subscriptions.setBatchLimit(2)));
        assertReverts("InvalidBatchLimit", () -> suite.send(suite.governor(), subscriptions.setBatchLimit(0)));
        assertEmits(suite.send(suite.governor(), subscriptions.setBatchLimit(2)), "SubscriptionManager", subscriptions.address(),
                "BatchLimitChanged");
        try {
            assertThat(subscriptions.batchLimit()).isEqualTo(2);
            List<BigInteger> three = List.of(BigInteger.ONE, BigInteger.TWO, BigInteger.TEN);
            assertReverts("BatchTooLarge", () -> suite.send(suite.automation(), subscriptions.chargeBatch(three)));
            suite.send(suite.automation(), subscriptions.chargeBatch(three.subList(0, 2)));
        } finally {
            suite.send(suite.governor(), subscriptions.setBatchLimit(100));
        }
    }

    @Test
    void failedChargesAreRetriedOnScheduleThenEndTheSubscription() {
        assertThat(subscriptions.maxRetries()).isEqualTo(2);
        assertThat(subscriptions.retryDelay()).isEqualTo(DAY);
        Credentials subscriber = suite.subscriberWithTokens(PRICE);
        BigInteger id = suite.subscribe(subscriber, suite.publishTokenPlan(PRICE));

        assertReverts("ChargeNotDue", () -> suite.send(suite.automation(), subscriptions.markFailedCharge(id)));
        advance(DAY);
        assertThat(subscriptions.previewCharge(id).skipReason()).contains(SkipReason.INSUFFICIENT_BALANCE);

        TransactionReceipt first = suite.send(suite.automation(), subscriptions.markFailedCharge(id));
        assertThat(subscriptions.events(first)).singleElement().isEqualTo(new SubscriptionEvent.RetryScheduled(
                subscriptions.events(first).getFirst().location(), id, 1, blockTime(first).plus(DAY)));
        // A retry cannot be burnt before its time, and the subscription is not due until then.
        assertReverts("ChargeNotDue", () -> suite.send(suite.automation(), subscriptions.markFailedCharge(id)));
        assertThat(skipReasons(suite.send(suite.automation(), subscriptions.charge(id)))).containsExactly(SkipReason.NOT_DUE);

        advance(DAY);
        TransactionReceipt second = suite.send(suite.automation(), subscriptions.markFailedCharge(id));
        assertThat(subscriptions.events(second)).singleElement().isInstanceOfSatisfying(SubscriptionEvent.RetryScheduled.class,
                event -> assertThat(event.retryAt()).isEqualTo(blockTime(second).plus(DAY.multipliedBy(2))));
        assertThat(subscriptions.getSubscription(id).orElseThrow().failedAttempts()).isEqualTo(2);

        advance(DAY.multipliedBy(2));
        TransactionReceipt last = suite.send(suite.automation(), subscriptions.markFailedCharge(id));
        assertThat(subscriptions.events(last)).singleElement().isEqualTo(new SubscriptionEvent.FailedFinal(
                subscriptions.events(last).getFirst().location(), id, 3, BigInteger.ZERO));
        assertThat(subscriptions.getSubscription(id).orElseThrow().status()).isEqualTo(SubscriptionStatus.FAILED);
        assertThat(skipReasons(suite.send(suite.automation(), subscriptions.charge(id))))
                .containsExactly(SkipReason.SUBSCRIPTION_INACTIVE);
        assertReverts("SubscriptionNotActive", () -> suite.send(suite.automation(), subscriptions.markFailedCharge(id)));
    }

    @Test
    void aSuccessfulRetryClearsTheFailuresAndAHealthySubscriptionCannotBeFailed() {
        Credentials subscriber = suite.subscriberWithTokens(PRICE);
        BigInteger id = suite.subscribe(subscriber, suite.publishTokenPlan(PRICE));
        advance(DAY);
        suite.send(suite.automation(), subscriptions.markFailedCharge(id));
        advance(DAY);
        suite.send(subscriber, suite.token().mint(subscriber.getAddress(), PRICE));
        suite.send(subscriber, suite.erc20().approve(suite.gateway().address(), PRICE));

        // Funded again: a compromised keeper cannot push it towards failure.
        assertReverts("SubscriptionChargeable", () -> suite.send(suite.automation(), subscriptions.markFailedCharge(id)));
        assertThat(subscriptions.chargeOutcomes(suite.send(suite.automation(), subscriptions.charge(id))))
                .singleElement().isInstanceOf(SubscriptionEvent.Charged.class);
        Subscription subscription = subscriptions.getSubscription(id).orElseThrow();
        assertThat(subscription.failedAttempts()).isZero();
        assertThat(subscription.retryAt()).isEmpty();
    }

    @Test
    void operatorsForceCancelAndRefundsRejectedByAWalletWaitToBeClaimed() {
        String planHash = suite.publish(suite.plan(anvil.newAccount().getAddress(), PaymentGateway.NATIVE_COIN, ONE_TOKEN, DAY));
        Credentials owner = anvil.newAccount();
        TestingContracts.SmartWallet wallet = TestingContracts.deploySmartWallet(anvil, owner);
        BigInteger deposit = ONE_TOKEN.multiply(BigInteger.valueOf(3));
        BigInteger id = subscriptions.activatedSubscriptionId(
                suite.send(owner, wallet.execute(subscriptions.subscribe(planHash, deposit))));
        suite.send(owner, wallet.setAcceptsNative(false));

        assertReverts("MissingRole", () -> suite.send(suite.automation(), subscriptions.forceCancel(id, "chargeback")));
        assertReverts("NotSubscriber", () -> suite.send(owner, subscriptions.unsubscribe(id)));

        TransactionReceipt receipt = suite.send(suite.operator(), subscriptions.forceCancel(id, "chargeback"));
        List<SubscriptionEvent> events = subscriptions.events(receipt);
        BigInteger remaining = deposit.subtract(ONE_TOKEN);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(new SubscriptionEvent.Cancelled(events.get(0).location(), id, wallet.address(),
                Hex.address(suite.operator().getAddress()), remaining, "chargeback"));
        assertThat(events.get(1)).isEqualTo(new SubscriptionEvent.RefundDeferred(events.get(1).location(), wallet.address(), remaining));
        assertThat(subscriptions.refundOwed(wallet.address())).isEqualTo(remaining);

        suite.send(owner, wallet.setAcceptsNative(true));
        BigInteger walletBefore = anvil.balance(wallet.address());
        TransactionReceipt claimed = suite.send(owner, wallet.execute(subscriptions.claimRefund()));
        assertEmits(claimed, "SubscriptionManager", subscriptions.address(), "RefundClaimed");
        assertThat(anvil.balance(wallet.address())).isEqualTo(walletBefore.add(remaining));
        assertThat(subscriptions.refundOwed(wallet.address())).isZero();
        assertReverts("CallFailed", () -> suite.send(owner, wallet.execute(subscriptions.claimRefund())));
        assertReverts("NothingToClaim", () -> suite.send(anvil.newAccount(), subscriptions.claimRefund()));
        assertReverts("SubscriptionNotActive", () -> suite.send(suite.operator(), subscriptions.forceCancel(id, "again")));
    }

    @Test
    void renewalsStopWhenThePlanIsDeactivatedOrFrozenAndConsentStaysWithTheTermsSigned() {
        String planHash = suite.publishTokenPlan(PRICE);
        Credentials subscriber = suite.subscriberWithTokens(PRICE.multiply(BigInteger.TEN));
        BigInteger id = suite.subscribe(subscriber, planHash);
        advance(DAY);

        suite.send(suite.operator(), suite.plans().setPlanStatus(planHash, PlanStatus.FROZEN));
        assertThat(skipReasons(suite.send(suite.automation(), subscriptions.charge(id)))).containsExactly(SkipReason.PLAN_INACTIVE);
        suite.send(suite.operator(), suite.plans().setPlanStatus(planHash, PlanStatus.INACTIVE));
        assertThat(skipReasons(suite.send(suite.automation(), subscriptions.charge(id)))).containsExactly(SkipReason.PLAN_INACTIVE);

        // New terms are a new plan with a new hash; the subscription is not moved to them.
        RegisteredPlan old = suite.plans().getPlan(planHash).orElseThrow();
        String dearer = suite.publish(suite.plan(old.merchant(), old.token(), PRICE.multiply(BigInteger.TWO), DAY));
        assertThat(dearer).isNotEqualTo(planHash);
        assertThat(subscriptions.getSubscription(id).orElseThrow().planHash()).isEqualTo(planHash);
        assertThat(skipReasons(suite.send(suite.automation(), subscriptions.charge(id)))).containsExactly(SkipReason.PLAN_INACTIVE);

        // Reactivated with the very terms consented to, renewals resume at the old price.
        suite.send(suite.operator(), suite.plans().setPlanStatus(planHash, PlanStatus.ACTIVE));
        assertThat(subscriptions.chargeOutcomes(suite.send(suite.automation(), subscriptions.charge(id))))
                .singleElement().isInstanceOfSatisfying(SubscriptionEvent.Charged.class,
                        event -> assertThat(event.amount()).isEqualTo(PRICE));
    }

    @Test
    void feeOnTransferTokensAreRefused() {
        TestingContracts.FeeOnTransferToken token = TestingContracts.deployFeeOnTransferToken(anvil, suite.admin());
        String planHash = suite.publish(suite.plan(anvil.newAccount().getAddress(), token.address(), PRICE, DAY));
        Credentials subscriber = anvil.newAccount();
        suite.send(subscriber, token.mint(subscriber.getAddress(), PRICE.multiply(BigInteger.TEN)));
        suite.send(subscriber, token.approve(suite.gateway().address(), PRICE.multiply(BigInteger.TEN)));

        assertReverts("TokenNotSupported", () -> suite.send(subscriber, subscriptions.subscribe(planHash)));
        suite.send(suite.governor(), suite.gateway().setTokenSupported(token.address(), true));
        assertReverts("FeeOnTransferTokenRefused", () -> suite.send(subscriber, subscriptions.subscribe(planHash)));
    }

    @Test
    void aMerchantCannotReenterTheChargeThatPaysIt() {
        Credentials owner = anvil.newAccount();
        TestingContracts.SmartWallet merchant = TestingContracts.deploySmartWallet(anvil, owner);
        String planHash = suite.publish(suite.plan(merchant.address(), PaymentGateway.NATIVE_COIN, ONE_TOKEN, DAY));
        BigInteger id = subscriptions.activatedSubscriptionId(
                suite.send(anvil.newAccount(), subscriptions.subscribe(planHash, ONE_TOKEN.multiply(BigInteger.TEN))));
        // The merchant even holds AUTOMATION, so only the re-entrancy guard stands in the way.
        suite.send(suite.admin(), suite.core().grantRole(Role.AUTOMATION, merchant.address()));
        suite.send(owner, merchant.setReentry(subscriptions.address(), subscriptions.charge(id).data()));
        advance(DAY);

        TransactionReceipt receipt = suite.send(suite.automation(), subscriptions.chargeBatch(List.of(id)));

        assertThat(kinds(subscriptions.chargeOutcomes(receipt))).containsExactly("Charged");
        assertThat(merchant.lastReentryError()).isEqualTo(selector("ReentrancyGuardReentrantCall()"));
    }

    @Test
    void theGatewaysDiscountHookLowersWhatIsCharged() {
        Credentials subscriber = suite.subscriberWithTokens(PRICE.multiply(BigInteger.TEN));
        String planHash = suite.publishTokenPlan(PRICE);
        String policy = TestingContracts.deployDiscountPolicy(anvil, suite.admin(), subscriber.getAddress(), 50);
        suite.send(suite.governor(), suite.gateway().setDiscountPolicy(policy));
        try {
            TransactionReceipt receipt = suite.send(subscriber, subscriptions.subscribe(planHash));
            BigInteger half = PRICE.divide(BigInteger.TWO);
            assertThat(subscriptions.chargeOutcomes(receipt)).singleElement().isInstanceOfSatisfying(SubscriptionEvent.Charged.class,
                    event -> assertThat(List.of(event.amount(), event.fee())).containsExactly(half, fee(half)));
        } finally {
            suite.send(suite.governor(), suite.gateway().setDiscountPolicy(Hex.ZERO_ADDRESS));
        }
    }

    /**
     * Issue 13: a period near 2^40 wrapped {@code nextChargeAt} into the past and one batch listing the id 20 times
     * charged it 20 times. Periods are bounded and every narrowing is checked: on the longest period allowed, the
     * same batch charges once.
     */
    @Test
    void aBatchListingOneIdTwentyTimesChargesItOnceEvenOnTheLongestPeriod() {
        Duration longest = Duration.ofDays(3650);
        String planHash = suite.publish(suite.plan(anvil.newAccount().getAddress(), PaymentGateway.NATIVE_COIN, ONE_TOKEN, longest));
        BigInteger deposit = ONE_TOKEN.multiply(BigInteger.valueOf(5));
        TransactionReceipt subscribed = suite.send(anvil.newAccount(), subscriptions.subscribe(planHash, deposit));
        BigInteger id = subscriptions.activatedSubscriptionId(subscribed);
        Instant due = subscriptions.nextChargeAt(id);
        assertThat(due).isEqualTo(blockTime(subscribed).plus(longest));

        anvil.setNextBlockTimestamp(due);
        anvil.mine();
        TransactionReceipt receipt = suite.send(suite.automation(), subscriptions.chargeBatch(Collections.nCopies(20, id)));

        List<String> expected = new ArrayList<>(List.of("Charged"));
        expected.addAll(Collections.nCopies(19, "NOT_DUE"));
        assertThat(kinds(subscriptions.chargeOutcomes(receipt))).containsExactlyElementsOf(expected);
        assertThat(subscriptions.getSubscription(id).orElseThrow().deposit()).isEqualTo(ONE_TOKEN.multiply(BigInteger.valueOf(3)));
        assertThat(subscriptions.nextChargeAt(id)).isEqualTo(due.plus(longest));
    }

    /**
     * Issue 13: a token that calls the holder during {@code transferFrom} and reverts with a large payload tripped the
     * out-of-gas guard and reverted every batch (at 1M, 10M and 29M gas), while the preview still said chargeable so
     * {@code markFailedCharge} refused it. Now the payment call is capped and any failure inside it is that item's.
     */
    @Test
    void aTokenHookThatRevertsWithAHugePayloadOrBurnsItsGasFailsOnlyItsOwnItem() {
        TestingContracts.HookToken token = TestingContracts.deployHookToken(anvil, suite.admin());
        suite.send(suite.governor(), suite.gateway().setTokenSupported(token.address(), true));
        String planHash = suite.publish(suite.plan(anvil.newAccount().getAddress(), token.address(), PRICE, DAY));
        Credentials reverting = hookSubscriber(token);
        Credentials exhausting = hookSubscriber(token);
        Credentials healthy = hookSubscriber(token);
        BigInteger revertingId = suite.subscribe(reverting, planHash);
        BigInteger exhaustingId = suite.subscribe(exhausting, planHash);
        BigInteger healthyId = suite.subscribe(healthy, planHash);
        suite.send(reverting, token.setHook(TestingContracts.HookToken.Hook.REVERT_WITH_PAYLOAD, 100_000));
        suite.send(exhausting, token.setHook(TestingContracts.HookToken.Hook.EXHAUST_GAS, 0));
        advance(DAY);
        assertThat(subscriptions.previewCharge(revertingId).chargeable()).as("balance and allowance are there").isTrue();

        ContractCall batch = subscriptions.chargeBatch(List.of(revertingId, healthyId, exhaustingId));
        for (long gas : new long[] {10_000_000, 29_000_000}) {
            Object snapshot = anvil.rpc("evm_snapshot");
            try {
                Web3jTransactionSender automation = anvil.sender(suite.automation());
                TransactionReceipt receipt = automation.awaitReceipt(automation.submit(batch, BigInteger.valueOf(gas)));
                assertThat(kinds(subscriptions.chargeOutcomes(receipt))).as("with %d gas", gas)
                        .containsExactly("PAYMENT_FAILED", "Charged", "PAYMENT_FAILED");
            } finally {
                anvil.rpc("evm_revert", snapshot);
            }
        }
        // With the gas the node estimates, and then the failures are counted until the subscription ends.
        TransactionReceipt receipt = suite.send(suite.automation(), batch);
        assertThat(kinds(subscriptions.chargeOutcomes(receipt))).containsExactly("PAYMENT_FAILED", "Charged", "PAYMENT_FAILED");
        assertThat(subscriptions.events(suite.send(suite.automation(), subscriptions.markFailedCharge(exhaustingId))))
                .singleElement().isInstanceOf(SubscriptionEvent.RetryScheduled.class);
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThat(subscriptions.events(suite.send(suite.automation(), subscriptions.markFailedCharge(revertingId))))
                    .singleElement().isInstanceOf(SubscriptionEvent.RetryScheduled.class);
            advance(DAY.multipliedBy(attempt));
        }
        assertThat(subscriptions.events(suite.send(suite.automation(), subscriptions.markFailedCharge(revertingId))))
                .singleElement().isInstanceOfSatisfying(SubscriptionEvent.FailedFinal.class, failed -> assertThat(failed.attempts()).isEqualTo(3));
        assertThat(subscriptions.getSubscription(revertingId).orElseThrow().status()).isEqualTo(SubscriptionStatus.FAILED);
    }

    /**
     * Issue 13: {@code markFailedCharge} counted a frozen plan as a failed payment and allowed a zero retry delay: four
     * calls in one block ended a subscription with 11 ETH prepaid while its plan was only frozen.
     */
    @Test
    void onlyRealPaymentFailuresAreCountedAndNeverFasterThanTheMinimumRetryDelay() {
        String planHash = suite.publish(suite.plan(anvil.newAccount().getAddress(), PaymentGateway.NATIVE_COIN, ONE_TOKEN, DAY));
        BigInteger id = subscriptions.activatedSubscriptionId(
                suite.send(anvil.newAccount(), subscriptions.subscribe(planHash, ONE_TOKEN.multiply(BigInteger.valueOf(12)))));
        advance(DAY);
        suite.send(suite.operator(), suite.plans().setPlanStatus(planHash, PlanStatus.FROZEN));

        assertReverts("NotAPaymentFailure", () -> suite.send(suite.automation(), subscriptions.markFailedCharge(id)));
        Subscription subscription = subscriptions.getSubscription(id).orElseThrow();
        assertThat(subscription.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(subscription.failedAttempts()).isZero();
        assertThat(subscription.deposit()).isEqualTo(ONE_TOKEN.multiply(BigInteger.valueOf(11)));

        for (Duration tooShort : List.of(Duration.ZERO, Duration.ofMinutes(59), Duration.ofDays(31))) {
            assertReverts("InvalidRetryPolicy", () -> suite.send(suite.governor(), subscriptions.setRetryPolicy(2, tooShort)));
        }
        // 255 retries overflowed the attempt counter; the bound keeps it far below.
        assertReverts("InvalidRetryPolicy", () -> suite.send(suite.governor(), subscriptions.setRetryPolicy(255, DAY)));
        assertReverts("InvalidRetryPolicy", () -> suite.send(suite.governor(), subscriptions.setRetryPolicy(31, DAY)));
        suite.send(suite.governor(), subscriptions.setRetryPolicy(30, Duration.ofHours(1)));
        suite.send(suite.governor(), subscriptions.setRetryPolicy(2, DAY));
    }

    /** Issue 13: a reverting discount policy broke every batch and every subscribe. */
    @Test
    void aRevertingDiscountPolicyBreaksNeitherSubscribeNorBatches() {
        String planHash = suite.publishTokenPlan(PRICE);
        suite.send(suite.governor(), suite.gateway().setDiscountPolicy(TestingContracts.deployRevertingDiscountPolicy(anvil, suite.admin())));
        try {
            Credentials subscriber = suite.subscriberWithTokens(PRICE.multiply(BigInteger.TWO));
            BigInteger id = suite.subscribe(subscriber, planHash);
            advance(DAY);
            assertThat(subscriptions.chargeOutcomes(suite.send(suite.automation(), subscriptions.chargeBatch(List.of(id)))))
                    .singleElement().isInstanceOfSatisfying(SubscriptionEvent.Charged.class, event -> assertThat(event.amount()).isEqualTo(PRICE));
        } finally {
            suite.send(suite.governor(), suite.gateway().setDiscountPolicy(Hex.ZERO_ADDRESS));
        }
    }

    @Test
    void retryPolicyIsTheGovernors() {
        assertReverts("MissingRole", () -> suite.send(suite.operator(), subscriptions.setRetryPolicy(5, DAY)));
        assertEmits(suite.send(suite.governor(), subscriptions.setRetryPolicy(5, Duration.ofHours(6))), "SubscriptionManager",
                subscriptions.address(), "RetryPolicyChanged");
        try {
            assertThat(subscriptions.maxRetries()).isEqualTo(5);
            assertThat(subscriptions.retryDelay()).isEqualTo(Duration.ofHours(6));
        } finally {
            suite.send(suite.governor(), subscriptions.setRetryPolicy(2, DAY));
        }
    }

    /** A new account holding ten periods of the hook token, with the gateway approved for all of it. */
    private static Credentials hookSubscriber(TestingContracts.HookToken token) {
        Credentials subscriber = anvil.newAccount();
        suite.send(subscriber, token.mint(subscriber.getAddress(), PRICE.multiply(BigInteger.TEN)));
        suite.send(subscriber, token.approve(suite.gateway().address(), PRICE.multiply(BigInteger.TEN)));
        return subscriber;
    }

    private static PermitSignature permit(Credentials owner, BigInteger value) {
        Instant deadline = anvil.now().plus(DAY);
        String digest = suite.erc20().permitDigest(owner.getAddress(), suite.gateway().address(), value, deadline);
        return PermitSignature.of(value, deadline, TypedData.sign(digest, owner.getEcKeyPair()));
    }

    private static BigInteger fee(BigInteger amount) {
        return amount.multiply(BigInteger.valueOf(FEE_BPS)).divide(BigInteger.valueOf(10_000));
    }

    private static void advance(Duration duration) {
        anvil.increaseTime(duration);
        anvil.mine();
    }

    private static Instant blockTime(TransactionReceipt receipt) {
        try {
            return Instant.ofEpochSecond(anvil.web3j().ethGetBlockByHash(receipt.getBlockHash(), false).send()
                    .getBlock().getTimestamp().longValueExact());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<SkipReason> skipReasons(TransactionReceipt receipt) {
        return subscriptions.chargeOutcomes(receipt).stream()
                .map(outcome -> ((SubscriptionEvent.ChargeSkipped) outcome).reason())
                .toList();
    }

    /** "Charged", or the skip reason's name, per outcome. */
    private static List<String> kinds(List<ChargeOutcome> outcomes) {
        return outcomes.stream()
                .map(outcome -> switch (outcome) {
                    case SubscriptionEvent.Charged charged -> "Charged";
                    case SubscriptionEvent.ChargeSkipped skipped -> skipped.reason().name();
                })
                .toList();
    }

    private static String selector(String signature) {
        return Hex.bytes32(Hash.sha3(signature.getBytes(StandardCharsets.UTF_8))).substring(0, 10);
    }
}

package io.billinggateway.contracts;

import static io.billinggateway.contracts.ContractAssertions.assertReverts;
import static io.billinggateway.contracts.TestingBillingSuite.ONE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

class PlanManagerTest {
    private static TestingAnvil ethereum;
    private static TestingAnvil bsc;
    private static TestingBillingSuite suite;
    private static TestingBillingSuite bscSuite;

    @BeforeAll
    static void startChains() {
        ethereum = TestingAnvil.start(1);
        bsc = TestingAnvil.start(56);
        suite = TestingBillingSuite.deploy(ethereum);
        bscSuite = TestingBillingSuite.deploy(bsc);
    }

    @AfterAll
    static void stopChains() {
        ethereum.close();
        bsc.close();
    }

    @Test
    void javaPlanHashEqualsTheContractsHashPlan() {
        PlanManager plans = suite.plans();
        Plan plan = suite.plan(ethereum.newAccount().getAddress(), suite.token().address(), ONE_TOKEN, Duration.ofDays(30));

        assertThat(plans.domain()).isEqualTo(Eip712Domain.planManager(1, plans.address()));
        assertThat(TypedData.hashPlan(plans.domain(), plan)).isEqualTo(plans.hashPlan(plan));

        // Every field is part of the hash.
        Plan otherPrice = new Plan(plan.author(), plan.merchant(), plan.token(), ONE_TOKEN.add(BigInteger.ONE),
                plan.period(), plan.salt(), plan.expiry(), plan.uri());
        assertThat(plans.hashPlan(otherPrice)).isNotEqualTo(plans.hashPlan(plan));
        assertThat(TypedData.hashPlan(plans.domain(), otherPrice)).isEqualTo(plans.hashPlan(otherPrice));
    }

    @Test
    void createPlanStoresTheSignedPlanAndEmitsPlanCreated() {
        PlanManager plans = suite.plans();
        String merchant = ethereum.newAccount().getAddress();
        Plan plan = suite.plan(merchant, suite.token().address(), ONE_TOKEN, Duration.ofDays(30));
        // Anyone may submit a plan the author signed.
        Credentials relayer = ethereum.newAccount();
        TransactionReceipt receipt = suite.send(relayer, plans.createPlan(plan, suite.sign(plan)));

        String planHash = plans.hashPlan(plan);
        List<PlanEvent> events = plans.events(receipt);
        assertThat(events).hasSize(2);
        PlanEvent.Created created = (PlanEvent.Created) events.get(0);
        assertThat(created.planHash()).isEqualTo(planHash);
        assertThat(created.author()).isEqualTo(plan.author());
        assertThat(created.merchant()).isEqualTo(Hex.address(merchant));
        assertThat(created.token()).isEqualTo(plan.token());
        assertThat(created.price()).isEqualTo(ONE_TOKEN);
        assertThat(created.period()).isEqualTo(Duration.ofDays(30));
        assertThat(created.uri()).isEqualTo(plan.uri());
        assertThat(created.location().transactionHash()).isEqualTo(receipt.getTransactionHash());
        assertThat(events.get(1)).isEqualTo(new PlanEvent.StatusChanged(events.get(1).location(), planHash,
                PlanStatus.NONE, PlanStatus.ACTIVE, Hex.address(relayer.getAddress())));

        assertThat(plans.getPlan(planHash)).contains(new RegisteredPlan(planHash, plan.author(), merchant, plan.token(),
                ONE_TOKEN, Duration.ofDays(30), PlanStatus.ACTIVE));
        assertThat(plans.getPlan(Hex.bytes32(new byte[32]))).isEmpty();
    }

    @Test
    void aSignatureCreatesAPlanOnlyOnce() {
        Plan plan = suite.plan(ethereum.newAccount().getAddress(), suite.token().address(), ONE_TOKEN, Duration.ofDays(7));
        String signature = suite.sign(plan);
        suite.send(suite.author(), suite.plans().createPlan(plan, signature));

        assertReverts("PlanAlreadyExists", () -> suite.send(suite.author(), suite.plans().createPlan(plan, signature)));
    }

    @Test
    void aPlanSignedForOneChainIsRejectedOnAnother() {
        // The same author key holds AUTHOR on both chains; the signature is for chain 1's PlanManager.
        Credentials author = suite.author();
        bscSuite.send(bscSuite.admin(), bscSuite.core().grantRole(Role.AUTHOR, author.getAddress()));
        Plan plan = suite.plan(ethereum.newAccount().getAddress(), PaymentGateway.NATIVE_COIN, ONE_TOKEN, Duration.ofDays(7));
        String signatureForEthereum = suite.sign(plan);

        assertReverts("InvalidPlanSignature",
                () -> bscSuite.send(author, bscSuite.plans().createPlan(plan, signatureForEthereum)));

        // The hashes differ by the domain alone, and the signature stays good where it was meant.
        assertThat(bscSuite.plans().hashPlan(plan)).isNotEqualTo(suite.plans().hashPlan(plan));
        assertThat(bscSuite.plans().domain().chainId()).isEqualTo(56);
        suite.send(author, suite.plans().createPlan(plan, signatureForEthereum));
    }

    @Test
    void aPlanSignedForAnotherPlanManagerOnTheSameChainIsRejected() {
        PlanManager otherPlanManager = PlanManager.deploy(ethereum.sender(suite.admin()), ethereum.web3j(), suite.core().address(), 10);
        Plan plan = suite.plan(ethereum.newAccount().getAddress(), PaymentGateway.NATIVE_COIN, ONE_TOKEN, Duration.ofDays(7));

        assertReverts("InvalidPlanSignature",
                () -> suite.send(suite.author(), otherPlanManager.createPlan(plan, suite.sign(plan))));
    }

    @Test
    void rejectsSignaturesOfOtherKeysAndTamperedPlans() {
        Plan plan = suite.plan(ethereum.newAccount().getAddress(), suite.token().address(), ONE_TOKEN, Duration.ofDays(7));
        String forgedSignature = TypedData.sign(suite.plans().hashPlan(plan), ethereum.newAccount().getEcKeyPair());
        assertReverts("InvalidPlanSignature", () -> suite.send(suite.author(), suite.plans().createPlan(plan, forgedSignature)));

        Plan cheaper = new Plan(plan.author(), plan.merchant(), plan.token(), BigInteger.ONE, plan.period(), plan.salt(),
                plan.expiry(), plan.uri());
        assertReverts("InvalidPlanSignature", () -> suite.send(suite.author(), suite.plans().createPlan(cheaper, suite.sign(plan))));
    }

    @Test
    void rejectsExpiredSignatures() {
        Plan plan = suite.plan(ethereum.newAccount().getAddress(), suite.token().address(), ONE_TOKEN, Duration.ofDays(7));
        String signature = suite.sign(plan);
        ethereum.increaseTime(Duration.ofHours(2));
        ethereum.mine();

        assertReverts("PlanSignatureExpired", () -> suite.send(suite.author(), suite.plans().createPlan(plan, signature)));
    }

    @Test
    void rejectsAuthorsWithoutTheRoleAndInvalidTerms() {
        Credentials stranger = ethereum.newAccount();
        Plan plan = new Plan(stranger.getAddress(), ethereum.newAccount().getAddress(), suite.token().address(), ONE_TOKEN,
                Duration.ofDays(7), BigInteger.ONE, ethereum.now().plus(Duration.ofHours(1)), "");
        String signature = TypedData.sign(suite.plans().hashPlan(plan), stranger.getEcKeyPair());
        assertReverts("MissingRole", () -> suite.send(stranger, suite.plans().createPlan(plan, signature)));

        Plan noMerchant = new Plan(suite.author().getAddress(), Hex.ZERO_ADDRESS, suite.token().address(), ONE_TOKEN,
                Duration.ofDays(7), BigInteger.TWO, ethereum.now().plus(Duration.ofHours(1)), "");
        assertReverts("InvalidPlanTerms", () -> suite.send(suite.author(), suite.plans().createPlan(noMerchant, suite.sign(noMerchant))));
    }

    /** Issue 13: any period above zero was accepted, and a period near 2^40 wrapped the next charge time into the past. */
    @Test
    void periodsOutsideOneMinuteToTenYearsAreRefused() {
        for (Duration period : List.of(Duration.ofSeconds(1L << 40), Duration.ofDays(3651), Duration.ofSeconds(59))) {
            Plan plan = suite.plan(ethereum.newAccount().getAddress(), suite.token().address(), ONE_TOKEN, period);
            assertReverts("PlanPeriodOutOfRange", () -> suite.send(suite.author(), suite.plans().createPlan(plan, suite.sign(plan))));
        }
        for (Duration period : List.of(Duration.ofMinutes(1), Duration.ofDays(3650))) {
            String planHash = suite.publish(suite.plan(ethereum.newAccount().getAddress(), suite.token().address(), ONE_TOKEN, period));
            assertThat(suite.plans().getPlan(planHash)).map(RegisteredPlan::period).contains(period);
        }
    }

    /** Issue 13: a revoked author re-activated its plan, and a new subscriber was accepted. */
    @Test
    void aRevokedAuthorCannotChangeTheStatusOfItsPlans() {
        Credentials author = ethereum.newAccount();
        suite.send(suite.admin(), suite.core().grantRole(Role.AUTHOR, author.getAddress()));
        Plan plan = new Plan(author.getAddress(), ethereum.newAccount().getAddress(), suite.token().address(), ONE_TOKEN,
                Duration.ofDays(7), BigInteger.valueOf(4242), ethereum.now().plus(Duration.ofHours(1)), "ipfs://revoked");
        String planHash = suite.plans().createdPlanHash(suite.send(author,
                suite.plans().createPlan(plan, TypedData.sign(suite.plans().hashPlan(plan), author.getEcKeyPair()))));
        suite.send(author, suite.plans().setPlanStatus(planHash, PlanStatus.INACTIVE));

        suite.send(suite.admin(), suite.core().revokeRole(Role.AUTHOR, author.getAddress()));

        assertReverts("PlanStatusChangeNotAllowed", () -> suite.send(author, suite.plans().setPlanStatus(planHash, PlanStatus.ACTIVE)));
        assertThat(suite.plans().getPlan(planHash)).map(RegisteredPlan::status).contains(PlanStatus.INACTIVE);
        assertReverts("PlanNotActive", () -> suite.send(suite.subscriberWithTokens(ONE_TOKEN), suite.subscriptions().subscribe(planHash)));
        // An operator still can.
        suite.send(suite.operator(), suite.plans().setPlanStatus(planHash, PlanStatus.ACTIVE));
    }

    @Test
    void acceptsErc1271WalletAuthors() {
        Credentials owner = ethereum.newAccount();
        TestingContracts.SmartWallet wallet = TestingContracts.deploySmartWallet(ethereum, owner);
        suite.send(suite.admin(), suite.core().grantRole(Role.AUTHOR, wallet.address()));
        Plan plan = new Plan(wallet.address(), ethereum.newAccount().getAddress(), suite.token().address(), ONE_TOKEN,
                Duration.ofDays(7), BigInteger.TEN, ethereum.now().plus(Duration.ofHours(1)), "ipfs://wallet-plan");
        String signature = TypedData.sign(suite.plans().hashPlan(plan), owner.getEcKeyPair());

        String planHash = suite.plans().createdPlanHash(suite.send(owner, suite.plans().createPlan(plan, signature)));
        assertThat(suite.plans().getPlan(planHash)).map(RegisteredPlan::author).contains(wallet.address());

        Plan other = new Plan(wallet.address(), plan.merchant(), plan.token(), ONE_TOKEN, plan.period(), BigInteger.valueOf(11),
                plan.expiry(), plan.uri());
        String notTheOwners = TypedData.sign(suite.plans().hashPlan(other), ethereum.newAccount().getEcKeyPair());
        assertReverts("InvalidPlanSignature", () -> suite.send(owner, suite.plans().createPlan(other, notTheOwners)));
    }

    @Test
    void statusChangesFollowRoles() {
        PlanManager plans = suite.plans();
        String planHash = suite.publishTokenPlan(ONE_TOKEN);
        Credentials stranger = ethereum.newAccount();

        assertReverts("PlanStatusChangeNotAllowed", () -> suite.send(stranger, plans.setPlanStatus(planHash, PlanStatus.INACTIVE)));

        // The author retires and revives its own plan.
        TransactionReceipt deactivated = suite.send(suite.author(), plans.setPlanStatus(planHash, PlanStatus.INACTIVE));
        assertThat(plans.events(deactivated)).singleElement().isEqualTo(new PlanEvent.StatusChanged(
                plans.events(deactivated).getFirst().location(), planHash, PlanStatus.ACTIVE, PlanStatus.INACTIVE,
                Hex.address(suite.author().getAddress())));
        suite.send(suite.author(), plans.setPlanStatus(planHash, PlanStatus.ACTIVE));

        // Only an operator or governor freezes, and only they lift a freeze.
        assertReverts("PlanStatusChangeNotAllowed", () -> suite.send(suite.author(), plans.setPlanStatus(planHash, PlanStatus.FROZEN)));
        suite.send(suite.operator(), plans.setPlanStatus(planHash, PlanStatus.FROZEN));
        assertThat(plans.getPlan(planHash)).map(RegisteredPlan::status).contains(PlanStatus.FROZEN);
        assertReverts("PlanStatusChangeNotAllowed", () -> suite.send(suite.author(), plans.setPlanStatus(planHash, PlanStatus.ACTIVE)));
        suite.send(suite.governor(), plans.setPlanStatus(planHash, PlanStatus.ACTIVE));

        // Setting the current status again changes nothing and says nothing.
        assertThat(plans.events(suite.send(suite.operator(), plans.setPlanStatus(planHash, PlanStatus.ACTIVE)))).isEmpty();

        assertReverts("PlanNotFound", () -> suite.send(suite.operator(), plans.setPlanStatus(Hex.bytes32(new byte[32]), PlanStatus.ACTIVE)));
        // The binding refuses NONE; the contract does too.
        ContractCall toNone = new ContractBinding("PlanManager", plans.address(), ethereum.web3j())
                .transaction("setPlanStatus", new Bytes32(Hex.toBytes(planHash)), new Uint8(0));
        assertReverts("InvalidPlanStatus", () -> suite.send(suite.operator(), toNone));
    }

    @Test
    void modulesNeedACoreSystemAndTheirServicesRegistered() {
        assertReverts("ZeroAddress", () -> PlanManager.deploy(ethereum.sender(suite.admin()), ethereum.web3j(), Hex.ZERO_ADDRESS, 1));
        // A SubscriptionManager for an instance nobody registered services for cannot find its plan manager.
        SubscriptionManager orphan = SubscriptionManager.deploy(ethereum.sender(suite.admin()), ethereum.web3j(),
                suite.core().address(), CoreSystem.instanceId("unregistered"), 10, 1, Duration.ofDays(1));
        assertReverts("ServiceNotRegistered", () -> suite.send(suite.admin(), orphan.subscribe(suite.publishTokenPlan(ONE_TOKEN))));
        assertReverts("InvalidBatchLimit", () -> SubscriptionManager.deploy(ethereum.sender(suite.admin()), ethereum.web3j(),
                suite.core().address(), CoreSystem.instanceId("default"), 0, 1, Duration.ofDays(1)));
    }

    @Test
    void activePlanLimitIsPerAuthorAndSetByTheGovernor() {
        // A fresh author, so that other tests' plans do not count.
        PlanManager plans = suite.plans();
        Credentials author = ethereum.newAccount();
        suite.send(suite.admin(), suite.core().grantRole(Role.AUTHOR, author.getAddress()));
        assertThat(plans.activePlanLimit()).isEqualTo(TestingBillingSuite.ACTIVE_PLAN_LIMIT);

        assertReverts("MissingRole", () -> suite.send(suite.operator(), plans.setActivePlanLimit(2)));
        TransactionReceipt changed = suite.send(suite.governor(), plans.setActivePlanLimit(2));
        assertThat(plans.events(changed)).singleElement().isInstanceOfSatisfying(PlanEvent.ActivePlanLimitChanged.class,
                event -> assertThat(List.of(event.previousLimit(), event.limit())).containsExactly(BigInteger.valueOf(TestingBillingSuite.ACTIVE_PLAN_LIMIT), BigInteger.TWO));
        try {
            String first = publishBy(author, BigInteger.ONE);
            publishBy(author, BigInteger.TWO);
            assertThat(plans.activePlanCount(author.getAddress())).isEqualTo(2);
            assertReverts("ActivePlanLimitReached", () -> publishBy(author, BigInteger.valueOf(3)));

            // Deactivating frees a slot; reactivating needs one.
            suite.send(author, plans.setPlanStatus(first, PlanStatus.INACTIVE));
            String third = publishBy(author, BigInteger.valueOf(3));
            assertReverts("ActivePlanLimitReached", () -> suite.send(author, plans.setPlanStatus(first, PlanStatus.ACTIVE)));
            suite.send(suite.operator(), plans.setPlanStatus(third, PlanStatus.FROZEN));
            suite.send(author, plans.setPlanStatus(first, PlanStatus.ACTIVE));
        } finally {
            suite.send(suite.governor(), plans.setActivePlanLimit(TestingBillingSuite.ACTIVE_PLAN_LIMIT));
        }
    }

    private static String publishBy(Credentials author, BigInteger salt) {
        Plan plan = new Plan(author.getAddress(), ethereum.newAccount().getAddress(), suite.token().address(), ONE_TOKEN,
                Duration.ofDays(1), salt, ethereum.now().plus(Duration.ofHours(1)), "");
        String signature = TypedData.sign(suite.plans().hashPlan(plan), author.getEcKeyPair());
        return suite.plans().createdPlanHash(suite.send(author, suite.plans().createPlan(plan, signature)));
    }
}

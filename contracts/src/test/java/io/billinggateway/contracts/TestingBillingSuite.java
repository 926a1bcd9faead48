package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import io.billinggateway.contracts.deploy.DeployedSuite;
import io.billinggateway.contracts.deploy.DeploymentSettings;
import io.billinggateway.contracts.deploy.SuiteDeployer;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * A whole suite deployed on one {@link TestingAnvil} by the production {@link SuiteDeployer}, with a separate
 * account per role (as in production) and helpers to publish plans and fund subscribers.
 */
public final class TestingBillingSuite {
    public static final BigInteger ONE_TOKEN = BigInteger.TEN.pow(18);
    public static final int FEE_BPS = 100;
    public static final int ACTIVE_PLAN_LIMIT = 1_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TestingAnvil anvil;
    private final Credentials admin;
    private final Credentials author;
    private final Credentials operator;
    private final Credentials automation;
    private final Credentials governor;
    private final Credentials feeReceiver;
    private final DeployedSuite addresses;

    private TestingBillingSuite(TestingAnvil anvil) {
        this.anvil = anvil;
        this.admin = anvil.newAccount();
        this.author = anvil.newAccount();
        this.operator = anvil.newAccount();
        this.automation = anvil.newAccount();
        this.governor = anvil.newAccount();
        this.feeReceiver = anvil.newAccount();
        DeploymentSettings settings = new DeploymentSettings("default", DeploymentSettings.GatewayKind.FEE,
                feeReceiver.getAddress(), FEE_BPS, DeploymentSettings.TokenChoice.testToken(), ACTIVE_PLAN_LIMIT, 100, 2,
                Duration.ofDays(1), Duration.ofDays(1), Map.of(
                        Role.AUTHOR, List.of(author.getAddress()),
                        Role.OPERATOR, List.of(operator.getAddress()),
                        Role.AUTOMATION, List.of(automation.getAddress()),
                        Role.GOVERNOR, List.of(governor.getAddress())));
        this.addresses = new SuiteDeployer(anvil.web3j(), anvil.sender(admin), line -> {})
                .deploy(settings, DeployedSuite.EMPTY, suite -> {})
                .suite();
    }

    /** Deploys a suite with the fee-taking gateway (1 % fee), a test token, at most {@value #ACTIVE_PLAN_LIMIT} active plans per author, two retries a day apart. */
    public static TestingBillingSuite deploy(TestingAnvil anvil) {
        return new TestingBillingSuite(requireNonNull(anvil, "anvil is null"));
    }

    public TestingAnvil anvil() {
        return anvil;
    }

    public Web3j web3j() {
        return anvil.web3j();
    }

    public Credentials admin() {
        return admin;
    }

    public Credentials author() {
        return author;
    }

    public Credentials operator() {
        return operator;
    }

    public Credentials automation() {
        return automation;
    }

    public Credentials governor() {
        return governor;
    }

    public String feeReceiver() {
        return Hex.address(feeReceiver.getAddress());
    }

    public CoreSystem core() {
        return CoreSystem.at(addresses.coreSystem().orElseThrow(), web3j());
    }

    public PaymentGateway gateway() {
        return PaymentGateway.at(addresses.paymentGateway().orElseThrow(), web3j());
    }

    public PlanManager plans() {
        return PlanManager.at(addresses.planManager().orElseThrow(), web3j());
    }

    public SubscriptionManager subscriptions() {
        return SubscriptionManager.at(addresses.subscriptionManager().orElseThrow(), web3j());
    }

    public Marketplace marketplace() {
        return Marketplace.at(addresses.marketplace().orElseThrow(), web3j());
    }

    public TestToken token() {
        return TestToken.at(addresses.token().orElseThrow(), web3j());
    }

    public Erc20Token erc20() {
        return token().erc20();
    }

    public TransactionReceipt send(Credentials account, ContractCall call) {
        return anvil.sender(account).send(call);
    }

    /** An unsigned plan by the suite's author, paid to {@code merchant}, valid for signing for an hour. */
    public Plan plan(String merchant, String token, BigInteger price, Duration period) {
        return new Plan(author.getAddress(), merchant, token, price, period, new BigInteger(128, RANDOM),
                anvil.now().plus(Duration.ofHours(1)), "ipfs://plan/" + RANDOM.nextInt(1_000_000));
    }

    /** The author's signature of {@code plan} for this suite's PlanManager. */
    public String sign(Plan plan) {
        return TypedData.sign(TypedData.hashPlan(Eip712Domain.planManager(anvil.chainId(), plans().address()), plan),
                author.getEcKeyPair());
    }

    /** Publishes {@code plan} signed by the author. @return its plan hash */
    public String publish(Plan plan) {
        return plans().createdPlanHash(send(author, plans().createPlan(plan, sign(plan))));
    }

    /** A new ERC-20 plan of {@code price} tokens per day, paid to a new merchant, published. */
    public String publishTokenPlan(BigInteger price) {
        return publish(plan(anvil.newAccount().getAddress(), token().address(), price, Duration.ofDays(1)));
    }

    /** A new account holding {@code tokens} of the test token, with the gateway approved for all of it. */
    public Credentials subscriberWithTokens(BigInteger tokens) {
        Credentials subscriber = anvil.newAccount();
        send(subscriber, token().mint(subscriber.getAddress(), tokens));
        send(subscriber, erc20().approve(gateway().address(), tokens));
        return subscriber;
    }

    /** Subscribes {@code subscriber} to an ERC-20 plan. @return the subscription id */
    public BigInteger subscribe(Credentials subscriber, String planHash) {
        return subscriptions().activatedSubscriptionId(send(subscriber, subscriptions().subscribe(planHash)));
    }
}

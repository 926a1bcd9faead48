package io.billinggateway.contracts;

import static io.billinggateway.contracts.ContractAssertions.assertReverts;
import static io.billinggateway.contracts.EventAssertions.assertEmits;
import static io.billinggateway.contracts.TestingBillingSuite.ONE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

class PaymentGatewayTest {
    /** The registry instance of this test's own gateway, in which {@link #module} is the registered Marketplace. */
    private static final String TEST_INSTANCE = CoreSystem.instanceId("payment-gateway-test");

    private static TestingAnvil anvil;
    private static TestingBillingSuite suite;
    /** An account holding PAYMENT_MODULE, standing in for a module so the gateway can be called directly. */
    private static Credentials module;
    /** A fee-taking gateway like the suite's, for {@link #TEST_INSTANCE}. */
    private static PaymentGateway gateway;

    @BeforeAll
    static void startChain() {
        anvil = TestingAnvil.start(1);
        suite = TestingBillingSuite.deploy(anvil);
        module = anvil.newAccount();
        suite.send(suite.admin(), suite.core().grantRole(Role.PAYMENT_MODULE, module.getAddress()));
        suite.send(suite.admin(), suite.core().setService(TEST_INSTANCE, CoreSystem.MARKETPLACE_SERVICE, module.getAddress()));
        gateway = PaymentGateway.deploy(anvil.sender(suite.admin()), anvil.web3j(), suite.core().address(), TEST_INSTANCE,
                suite.feeReceiver(), TestingBillingSuite.FEE_BPS, List.of(PaymentGateway.NATIVE_COIN, suite.token().address()));
    }

    @AfterAll
    static void stopChain() {
        anvil.close();
    }

    @Test
    void processPaymentTakesTheFeeAndPaysTheNetToTheMerchant() {
        Credentials payer = payerWithTokens(ONE_TOKEN.multiply(BigInteger.TEN));
        String merchant = anvil.newAccount().getAddress();
        BigInteger feesBefore = suite.erc20().balanceOf(suite.feeReceiver());

        TransactionReceipt receipt = suite.send(module, processPayment(gateway, payer.getAddress(), merchant, suite.token().address(), ONE_TOKEN));

        BigInteger fee = ONE_TOKEN.divide(BigInteger.valueOf(100));
        assertThat(suite.erc20().balanceOf(merchant)).isEqualTo(ONE_TOKEN.subtract(fee));
        assertThat(suite.erc20().balanceOf(suite.feeReceiver())).isEqualTo(feesBefore.add(fee));
        assertThat(gateway.payments(receipt)).singleElement().isEqualTo(new PaymentGateway.PaymentProcessed(
                gateway.payments(receipt).getFirst().location(), Hex.address(module.getAddress()), Hex.address(payer.getAddress()),
                Hex.address(merchant), suite.token().address(), ONE_TOKEN, fee));
    }

    @Test
    void nativePaymentsMustCarryExactlyTheAmount() {
        String merchant = anvil.newAccount().getAddress();
        ContractCall payment = processPayment(gateway, module.getAddress(), merchant, PaymentGateway.NATIVE_COIN, ONE_TOKEN);

        assertReverts("IncorrectNativeValue", () -> suite.send(module, payment.withValue(ONE_TOKEN.subtract(BigInteger.ONE))));
        suite.send(module, payment.withValue(ONE_TOKEN));
        assertThat(anvil.balance(merchant)).isEqualTo(TestingAnvil.FUNDING.add(ONE_TOKEN.multiply(BigInteger.valueOf(99)).divide(BigInteger.valueOf(100))));

        ContractCall tokenPayment = processPayment(gateway, module.getAddress(), merchant, suite.token().address(), ONE_TOKEN);
        assertReverts("IncorrectNativeValue", () -> suite.send(module, tokenPayment.withValue(BigInteger.ONE)));

        Credentials owner = anvil.newAccount();
        TestingContracts.SmartWallet rejecting = TestingContracts.deploySmartWallet(anvil, owner);
        suite.send(owner, rejecting.setAcceptsNative(false));
        assertReverts("NativePayoutFailed", () -> suite.send(module,
                processPayment(gateway, module.getAddress(), rejecting.address(), PaymentGateway.NATIVE_COIN, ONE_TOKEN).withValue(ONE_TOKEN)));
    }

    @Test
    void onlyPaymentModulesMoveMoneyAndOnlySupportedTokens() {
        Credentials payer = payerWithTokens(ONE_TOKEN);
        Credentials thief = anvil.newAccount();
        assertReverts("MissingRole", () -> suite.send(thief,
                processPayment(gateway, payer.getAddress(), thief.getAddress(), suite.token().address(), ONE_TOKEN)));

        assertReverts("ZeroAddress", () -> suite.send(module,
                processPayment(gateway, payer.getAddress(), Hex.ZERO_ADDRESS, suite.token().address(), ONE_TOKEN)));
        TestToken unsupported = TestToken.deploy(anvil.sender(suite.admin()), anvil.web3j(), "Other", "OTH");
        assertReverts("PairNotSupported", () -> suite.send(module,
                processPayment(gateway, payer.getAddress(), thief.getAddress(), unsupported.address(), ONE_TOKEN)));
    }

    /** Issue 13: any PAYMENT_MODULE holder could pull from any payer who had approved the gateway. */
    @Test
    void onlyTheRegisteredModulesOfTheGatewaysInstanceCanPull() {
        Credentials subscriber = suite.subscriberWithTokens(ONE_TOKEN.multiply(BigInteger.TEN));
        PaymentGateway suiteGateway = suite.gateway();
        assertThat(suiteGateway.isRegisteredModule(suite.subscriptions().address())).isTrue();
        assertThat(suiteGateway.isRegisteredModule(suite.marketplace().address())).isTrue();
        // The module holds PAYMENT_MODULE but is registered for another instance only.
        assertThat(suite.core().hasRole(Role.PAYMENT_MODULE, module.getAddress())).isTrue();
        assertThat(suiteGateway.isRegisteredModule(module.getAddress())).isFalse();

        assertReverts("NotARegisteredModule", () -> suite.send(module, suiteGateway.processPayment(subscriber.getAddress(),
                module.getAddress(), suite.token().address(), ONE_TOKEN.multiply(BigInteger.TEN))));
        assertThat(suite.erc20().balanceOf(subscriber.getAddress())).isEqualTo(ONE_TOKEN.multiply(BigInteger.TEN));
    }

    @Test
    void theGovernorSetsFeesAndCanMoveTheFeeReceiver() {
        assertThat(gateway.feeBps()).isEqualTo(TestingBillingSuite.FEE_BPS);
        assertThat(gateway.feeReceiver()).isEqualTo(suite.feeReceiver());
        assertReverts("MissingRole", () -> suite.send(suite.operator(), gateway.setFeeBps(50)));
        assertReverts("FeeTooHigh", () -> suite.send(suite.governor(), gateway.setFeeBps(1001)));
        assertReverts("ZeroAddress", () -> suite.send(suite.governor(), gateway.setFeeReceiver(Hex.ZERO_ADDRESS)));
        assertReverts("MissingRole", () -> suite.send(suite.operator(), gateway.setFeeReceiver(suite.operator().getAddress())));

        String newReceiver = anvil.newAccount().getAddress();
        assertEmits(suite.send(suite.governor(), gateway.setFeeReceiver(newReceiver)), "PaymentGateway", gateway.address(), "FeeReceiverChanged");
        assertEmits(suite.send(suite.governor(), gateway.setFeeBps(250)), "PaymentGateway", gateway.address(), "FeeChanged");
        try {
            assertThat(gateway.quote(module.getAddress(), newReceiver, suite.token().address(), ONE_TOKEN))
                    .isEqualTo(new PaymentGateway.Quote(ONE_TOKEN, ONE_TOKEN.multiply(BigInteger.valueOf(25)).divide(BigInteger.valueOf(1000))));
            Credentials payer = payerWithTokens(ONE_TOKEN);
            suite.send(module, processPayment(gateway, payer.getAddress(), anvil.newAccount().getAddress(), suite.token().address(), ONE_TOKEN));
            assertThat(suite.erc20().balanceOf(newReceiver)).isEqualTo(ONE_TOKEN.multiply(BigInteger.valueOf(25)).divide(BigInteger.valueOf(1000)));
        } finally {
            suite.send(suite.governor(), gateway.setFeeReceiver(suite.feeReceiver()));
            suite.send(suite.governor(), gateway.setFeeBps(TestingBillingSuite.FEE_BPS));
        }
    }

    @Test
    void pairsAndConversionRatesAreTheGovernors() {
        String listed = suite.token().address();
        String paidIn = TestToken.deploy(anvil.sender(suite.admin()), anvil.web3j(), "Stable", "STB").address();
        assertThat(gateway.maxRateAge()).isEqualTo(Duration.ofDays(1));

        assertThat(gateway.isPairSupported(listed, listed)).isTrue();
        assertThat(gateway.isPairSupported(PaymentGateway.NATIVE_COIN, PaymentGateway.NATIVE_COIN)).isTrue();
        assertThat(gateway.isPairSupported(paidIn, listed)).isFalse();
        assertThat(gateway.convertAmount(listed, listed, ONE_TOKEN)).isEqualTo(ONE_TOKEN);
        assertReverts("PairNotSupported", () -> gateway.convertAmount(listed, paidIn, ONE_TOKEN));

        assertReverts("MissingRole", () -> suite.send(suite.operator(), gateway.setTokenSupported(paidIn, true)));
        assertEmits(suite.send(suite.governor(), gateway.setTokenSupported(paidIn, true)), "PaymentGateway", gateway.address(),
                "TokenSupportChanged");
        assertThat(gateway.isTokenSupported(paidIn)).isTrue();
        assertThat(gateway.isPairSupported(paidIn, listed)).isFalse();

        // One listed token is worth 2/3 of a paid-in token; conversion rounds up in the merchant's favour.
        assertReverts("PairNotSupported", () -> suite.send(suite.governor(), gateway.setConversionRate(listed, paidIn, BigInteger.TWO, BigInteger.ZERO)));
        assertEmits(suite.send(suite.governor(), gateway.setConversionRate(listed, paidIn, BigInteger.TWO, BigInteger.valueOf(3))),
                "PaymentGateway", gateway.address(), "ConversionRateChanged");
        assertThat(gateway.isPairSupported(paidIn, listed)).isTrue();
        assertThat(gateway.isPairSupported(listed, paidIn)).isFalse();
        assertThat(gateway.convertAmount(listed, paidIn, BigInteger.valueOf(3))).isEqualTo(BigInteger.TWO);
        assertThat(gateway.convertAmount(listed, paidIn, BigInteger.TEN)).isEqualTo(BigInteger.valueOf(7));

        // A rate nobody refreshes stops converting once it is older than maxRateAge.
        anvil.increaseTime(Duration.ofDays(1).plusSeconds(1));
        anvil.mine();
        assertThat(gateway.isPairSupported(paidIn, listed)).isFalse();
        assertReverts("StaleRate", () -> gateway.convertAmount(listed, paidIn, BigInteger.TEN));
        assertReverts("MissingRole", () -> suite.send(suite.operator(), gateway.setMaxRateAge(Duration.ofDays(2))));
        assertReverts("InvalidMaxRateAge", () -> suite.send(suite.governor(), gateway.setMaxRateAge(Duration.ofDays(31))));
        assertEmits(suite.send(suite.governor(), gateway.setMaxRateAge(Duration.ofDays(2))), "PaymentGateway", gateway.address(),
                "MaxRateAgeChanged");
        assertThat(gateway.convertAmount(listed, paidIn, BigInteger.TEN)).isEqualTo(BigInteger.valueOf(7));
        suite.send(suite.governor(), gateway.setMaxRateAge(Duration.ofDays(1)));

        suite.send(suite.governor(), gateway.setConversionRate(listed, paidIn, BigInteger.ZERO, BigInteger.ZERO));
        assertThat(gateway.isPairSupported(paidIn, listed)).isFalse();
        suite.send(suite.governor(), gateway.setTokenSupported(paidIn, false));
        assertThat(gateway.isTokenSupported(paidIn)).isFalse();
    }

    @Test
    void theDiscountHookOnlyEverLowersTheAmountDue() {
        String discounted = anvil.newAccount().getAddress();
        String policy = TestingContracts.deployDiscountPolicy(anvil, suite.admin(), discounted, 20);
        assertReverts("MissingRole", () -> suite.send(suite.operator(), gateway.setDiscountPolicy(policy)));
        assertEmits(suite.send(suite.governor(), gateway.setDiscountPolicy(policy)), "PaymentGateway", gateway.address(),
                "DiscountPolicyChanged");
        try {
            BigInteger hundred = BigInteger.valueOf(10_000);
            assertThat(gateway.quote(discounted, module.getAddress(), suite.token().address(), hundred))
                    .isEqualTo(new PaymentGateway.Quote(BigInteger.valueOf(8_000), BigInteger.valueOf(80)));
            assertThat(gateway.quote(module.getAddress(), module.getAddress(), suite.token().address(), hundred))
                    .isEqualTo(new PaymentGateway.Quote(hundred, BigInteger.valueOf(100)));
        } finally {
            suite.send(suite.governor(), gateway.setDiscountPolicy(Hex.ZERO_ADDRESS));
        }
    }

    /** Issue 13: a reverting discount policy broke every quote, hence every batch and every subscribe. */
    @Test
    void aDiscountPolicyThatRevertsGivesNoDiscountInsteadOfBreakingQuotes() {
        String policy = TestingContracts.deployRevertingDiscountPolicy(anvil, suite.admin());
        suite.send(suite.governor(), gateway.setDiscountPolicy(policy));
        try {
            assertThat(gateway.quote(module.getAddress(), module.getAddress(), suite.token().address(), ONE_TOKEN))
                    .isEqualTo(new PaymentGateway.Quote(ONE_TOKEN, ONE_TOKEN.divide(BigInteger.valueOf(100))));
        } finally {
            suite.send(suite.governor(), gateway.setDiscountPolicy(Hex.ZERO_ADDRESS));
        }
    }

    @Test
    void theLocalGatewayPaysEverythingToTheMerchantOneToOne() {
        PaymentGateway local = PaymentGateway.deployLocal(anvil.sender(suite.admin()), anvil.web3j(), suite.core().address(), TEST_INSTANCE);
        assertThat(local.typeAndVersion()).isEqualTo("LocalPaymentGateway 2.0.0");
        assertThat(local.suiteVersion()).isEqualTo(ContractArtifact.currentSuiteVersion());
        String anyToken = anvil.newAccount().getAddress();
        assertThat(local.isPairSupported(anyToken, suite.token().address())).isTrue();
        assertThat(local.convertAmount(anyToken, suite.token().address(), ONE_TOKEN)).isEqualTo(ONE_TOKEN);
        assertThat(local.quote(module.getAddress(), anyToken, anyToken, ONE_TOKEN)).isEqualTo(new PaymentGateway.Quote(ONE_TOKEN, BigInteger.ZERO));

        Credentials payer = anvil.newAccount();
        suite.send(payer, suite.token().mint(payer.getAddress(), ONE_TOKEN));
        suite.send(payer, suite.erc20().approve(local.address(), ONE_TOKEN));
        String merchant = anvil.newAccount().getAddress();
        TransactionReceipt receipt = suite.send(module, processPayment(local, payer.getAddress(), merchant, suite.token().address(), ONE_TOKEN));
        assertThat(suite.erc20().balanceOf(merchant)).isEqualTo(ONE_TOKEN);
        assertThat(local.payments(receipt)).singleElement().extracting(PaymentGateway.PaymentProcessed::fee).isEqualTo(BigInteger.ZERO);
    }

    @Test
    void deploymentChecksItsArguments() {
        Web3jTransactionSender deployer = anvil.sender(suite.admin());
        assertReverts("ZeroAddress", () -> PaymentGateway.deploy(deployer, anvil.web3j(), Hex.ZERO_ADDRESS, TEST_INSTANCE, suite.feeReceiver(), 0, List.of()));
        assertReverts("ZeroAddress", () -> PaymentGateway.deploy(deployer, anvil.web3j(), suite.core().address(), TEST_INSTANCE, Hex.ZERO_ADDRESS, 0, List.of()));
        assertReverts("FeeTooHigh", () -> PaymentGateway.deploy(deployer, anvil.web3j(), suite.core().address(), TEST_INSTANCE, suite.feeReceiver(), 1001, List.of()));
    }

    private static ContractCall processPayment(PaymentGateway gateway, String payer, String merchant, String token, BigInteger amount) {
        return gateway.processPayment(payer, merchant, token, amount);
    }

    /** A new account holding {@code tokens} of the test token, with this test's gateway approved for all of it. */
    private static Credentials payerWithTokens(BigInteger tokens) {
        Credentials payer = anvil.newAccount();
        suite.send(payer, suite.token().mint(payer.getAddress(), tokens));
        suite.send(payer, suite.erc20().approve(gateway.address(), tokens));
        return payer;
    }
}

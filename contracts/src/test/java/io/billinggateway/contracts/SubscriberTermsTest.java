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
import org.web3j.crypto.Credentials;

/**
 * The terms a subscriber agreed to bound every renewal, whatever the registry says later. On a chain of its own,
 * because it repoints the suite's registry.
 */
class SubscriberTermsTest {
    private static final Duration DAY = Duration.ofDays(1);
    private static final BigInteger PRICE = ONE_TOKEN.multiply(BigInteger.TEN);

    private static TestingAnvil anvil;
    private static TestingBillingSuite suite;

    @BeforeAll
    static void startChain() {
        anvil = TestingAnvil.start(1);
        suite = TestingBillingSuite.deploy(anvil);
    }

    @AfterAll
    static void stopChain() {
        anvil.close();
    }

    /**
     * Issue 13: after a FEATURE_OWNER repointed the registry (effective at once), the honest keeper charged 900 on a
     * 10-token plan. Now the repointing waits two days, and even then renewals pay the agreed merchant the agreed price.
     */
    @Test
    void aRepointedRegistryCannotRaiseWhatARenewalCharges() {
        SubscriptionManager subscriptions = suite.subscriptions();
        CoreSystem core = suite.core();
        String instance = CoreSystem.instanceId("default");
        String merchant = anvil.newAccount().getAddress();
        String planHash = suite.publish(suite.plan(merchant, suite.token().address(), PRICE, DAY));
        Credentials subscriber = suite.subscriberWithTokens(ONE_TOKEN.multiply(BigInteger.valueOf(2_000)));
        BigInteger id = suite.subscribe(subscriber, planHash);
        assertThat(subscriptions.getTerms(id)).contains(new SubscriptionTerms(merchant, suite.token().address(), PRICE, DAY));

        // A hostile plan manager says every plan costs 900 and pays the attacker; a hostile gateway quotes 90 times the price.
        String attacker = anvil.newAccount().getAddress();
        String roguePlans = TestingContracts.deployRoguePlanManager(anvil, suite.admin(), attacker, suite.token().address(),
                ONE_TOKEN.multiply(BigInteger.valueOf(900)));
        String overquoting = TestingContracts.deployOverquotingGateway(anvil, suite.admin(), core.address(), instance, 90);
        assertReverts("ServiceAlreadyRegistered",
                () -> suite.send(suite.admin(), core.setService(instance, CoreSystem.PLAN_MANAGER_SERVICE, roguePlans)));
        suite.send(suite.admin(), core.scheduleServiceChange(instance, CoreSystem.PLAN_MANAGER_SERVICE, roguePlans));
        suite.send(suite.admin(), core.scheduleServiceChange(instance, CoreSystem.PAYMENT_GATEWAY_SERVICE, overquoting));

        // Within the delay nothing changed: renewals go on with the real services.
        advance(DAY);
        assertReverts("ServiceChangeNotReady",
                () -> suite.send(suite.admin(), core.executeServiceChange(instance, CoreSystem.PLAN_MANAGER_SERVICE)));
        assertThat(chargedAmounts(subscriptions, id)).containsExactly(PRICE);

        advance(CoreSystem.SERVICE_CHANGE_DELAY);
        suite.send(suite.admin(), core.executeServiceChange(instance, CoreSystem.PLAN_MANAGER_SERVICE));
        suite.send(suite.admin(), core.executeServiceChange(instance, CoreSystem.PAYMENT_GATEWAY_SERVICE));
        suite.send(subscriber, suite.erc20().approve(overquoting, ONE_TOKEN.multiply(BigInteger.valueOf(2_000))));
        BigInteger merchantBefore = suite.erc20().balanceOf(merchant);
        BigInteger subscriberBefore = suite.erc20().balanceOf(subscriber.getAddress());

        assertThat(subscriptions.previewCharge(id).amountDue()).isEqualTo(PRICE);
        assertThat(chargedAmounts(subscriptions, id)).containsExactly(PRICE);
        assertThat(suite.erc20().balanceOf(subscriber.getAddress())).isEqualTo(subscriberBefore.subtract(PRICE));
        assertThat(suite.erc20().balanceOf(merchant)).isEqualTo(merchantBefore.add(PRICE));
        assertThat(suite.erc20().balanceOf(attacker)).isZero();
    }

    private static List<BigInteger> chargedAmounts(SubscriptionManager subscriptions, BigInteger id) {
        return subscriptions.chargeOutcomes(suite.send(suite.automation(), subscriptions.chargeBatch(List.of(id)))).stream()
                .map(outcome -> outcome instanceof SubscriptionEvent.Charged charged ? charged.amount() : BigInteger.ZERO)
                .toList();
    }

    private static void advance(Duration duration) {
        anvil.increaseTime(duration);
        anvil.mine();
    }
}

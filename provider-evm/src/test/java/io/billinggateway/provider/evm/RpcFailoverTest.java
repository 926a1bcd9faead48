package io.billinggateway.provider.evm;

import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.ChargeBatchRequest;
import io.billinggateway.spi.ChargeItem;
import io.billinggateway.spi.ChargeOutcome;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.Money;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed A4: a network with two RPC endpoints of the same chain (proxies in front of one Anvil, standing for two
 * hosted providers). The primary dies, stalls, or takes a transaction and loses the answer; the provider carries on
 * through the fallback, reports which endpoint is active, charges each period exactly once, and goes back to the
 * primary when it recovers.
 */
class RpcFailoverTest {
    private static final long PRICE = 1_000;

    private static TestingEvmChain chain;
    private TestingRpcProxy primary;
    private TestingRpcProxy fallback;
    private TestingEvmProvider provider;

    @BeforeAll
    static void startChain() {
        chain = TestingEvmChain.start(137);
    }

    @AfterAll
    static void stopChain() {
        chain.close();
    }

    @BeforeEach
    void startEndpoints() {
        primary = TestingRpcProxy.start(chain.anvil().rpcUrl());
        fallback = TestingRpcProxy.start(chain.anvil().rpcUrl());
        Map<String, String> values = chain.values(primary.url() + "," + fallback.url());
        values.put(EvmSettings.RPC_TIMEOUT, "1s");
        values.put(EvmSettings.RPC_RECOVERY_INTERVAL, "200ms");
        provider = TestingEvmProvider.create(chain, values);
    }

    @AfterEach
    void stopEndpoints() {
        provider.close();
        primary.close();
        fallback.close();
    }

    @Test
    void primaryDyingMidRunFailsOverWithoutLosingOrDoublingACharge() {
        HealthReport healthy = provider.provider().health();
        assertThat(healthy.status()).isEqualTo(HealthReport.Status.UP);
        assertThat(healthy.activeEndpoint()).contains(primary.displayName());

        String plan = provider.registerPlan(PRICE);
        BillingEvent.SubscriptionActivated activated = provider.subscribe(plan, PRICE, chain.newPayer());
        provider.advanceTo(activated.nextChargeAt().orElseThrow());

        primary.kill();
        ChargeItem due = new ChargeItem(activated.subscriptionRef(), activated.nextChargeAt().orElseThrow(), Money.of(PRICE, "ETH"));
        ChargeOutcome outcome = provider.provider().chargeBatch(new ChargeBatchRequest(List.of(due))).outcomes().getFirst();
        assertThat(outcome).isInstanceOf(ChargeOutcome.Charged.class);

        HealthReport degraded = provider.provider().health();
        assertThat(degraded.status()).isEqualTo(HealthReport.Status.DEGRADED);
        assertThat(degraded.activeEndpoint()).contains(fallback.displayName());
        assertThat(degraded.toString()).doesNotContain("secret-api-key");
        assertThat(provider.metrics().count("evm_rpc_failover_total", Map.of("from", "1", "to", "2", "reason", "error"))).isEqualTo(1);
        assertThat(provider.metrics().gauge("evm_rpc_active_endpoint")).hasValue(1);

        ChargeOutcome again = provider.provider().chargeBatch(new ChargeBatchRequest(List.of(due))).outcomes().getFirst();
        assertThat(again).as("the same period charged again reports the first transaction")
                .isEqualTo(outcome);

        primary.revive();
        awaitHealth(HealthReport.Status.UP, primary.displayName());
        assertThat(provider.metrics().count("evm_rpc_failover_total", Map.of("from", "2", "to", "1", "reason", "recovered"))).isEqualTo(1);
        assertThat(provider.metrics().gauge("evm_rpc_active_endpoint")).hasValue(0);

        chain.confirm();
        provider.awaitEvent(BillingEvent.SubscriptionCharged.class, event -> event.subscriptionRef().equals(activated.subscriptionRef()));
        assertThat(provider.poll())
                .as("exactly one renewal of the subscription reached the chain")
                .filteredOn(event -> event instanceof BillingEvent.SubscriptionCharged charged && charged.subscriptionRef().equals(activated.subscriptionRef()))
                .hasSize(1);
    }

    @Test
    void stalledPrimaryCountsAsDown() {
        primary.behave(TestingRpcProxy.Behaviour.STALL);
        long started = System.nanoTime();
        String plan = provider.registerPlan(PRICE);
        assertThat(plan).startsWith("0x");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TestingRpcProxy.STALL.multipliedBy(2));
        assertThat(provider.provider().health().activeEndpoint()).contains(fallback.displayName());
        assertThat(provider.metrics().count("evm_rpc_failover_total", Map.of("from", "1", "to", "2"))).isEqualTo(1);
    }

    @Test
    void transactionTakenByAnEndpointThatLostTheAnswerIsNotSentAgain() throws IOException {
        String plan = provider.registerPlan(PRICE);
        Credentials payer = chain.newPayer();
        BillingEvent.SubscriptionActivated activated = provider.subscribe(plan, PRICE, payer);
        provider.advanceTo(activated.nextChargeAt().orElseThrow());
        String automation = chain.suite().automation().getAddress();
        BigInteger sentBefore = chain.anvil().web3j().ethGetTransactionCount(automation, DefaultBlockParameterName.LATEST).send().getTransactionCount();

        primary.behave(TestingRpcProxy.Behaviour.LOSE_SEND_ANSWERS);
        ChargeItem due = new ChargeItem(activated.subscriptionRef(), activated.nextChargeAt().orElseThrow(), Money.of(PRICE, "ETH"));
        ChargeOutcome outcome = provider.provider().chargeBatch(new ChargeBatchRequest(List.of(due))).outcomes().getFirst();

        assertThat(outcome).isInstanceOf(ChargeOutcome.Charged.class);
        BigInteger sentAfter = chain.anvil().web3j().ethGetTransactionCount(automation, DefaultBlockParameterName.LATEST).send().getTransactionCount();
        assertThat(sentAfter).as("the automation key sent one transaction, not a second after the lost answer").isEqualTo(sentBefore.add(BigInteger.ONE));
    }

    private void awaitHealth(HealthReport.Status status, String endpoint) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HealthReport report = provider.provider().health();
        while (System.nanoTime() < deadline && !(report.status() == status && report.activeEndpoint().orElse("").equals(endpoint))) {
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            report = provider.provider().health();
        }
        assertThat(report.status()).as("health after the primary recovered: " + report).isEqualTo(status);
        assertThat(report.activeEndpoint()).contains(endpoint);
    }
}

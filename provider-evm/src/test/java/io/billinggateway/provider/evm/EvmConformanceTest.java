package io.billinggateway.provider.evm;

import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.ChainId;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.tck.BaseBillingProviderConformanceTest;
import io.billinggateway.tck.ConformanceEnvironment;
import io.billinggateway.tck.ConformanceNetwork;
import io.billinggateway.tck.PayerAction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance kit against a real Anvil chain (chain 56, named {@code bsc} so the router's preset applies) with
 * the suite deployed by the contracts' deployer. The payer is a funded Anvil account whose wallet signs and sends the
 * checkout payload as given; declining means letting the payload's deadline pass (a one-time listing then expires
 * on chain). Confirmations are {@value TestingEvmChain#CONFIRMATIONS}: the payer mines that many blocks after paying.
 */
class EvmConformanceTest extends BaseBillingProviderConformanceTest {
    private static TestingEvmChain chain;
    private static Credentials payer;

    @BeforeAll
    static void startChain() {
        chain = TestingEvmChain.start(56);
        payer = chain.newPayer();
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @Override
    protected BillingProviderFactory createFactory() {
        return new EvmBillingProviderFactory();
    }

    @Override
    protected ConformanceNetwork network(ConformanceEnvironment environment) {
        var values = chain.values();
        values.put(EvmSettings.NATIVE_CODE, "BNB");
        return new ConformanceNetwork("bsc", ChainId.evm(56), values, chain.secretValues());
    }

    @Override
    protected Optional<String> payerAccount(ConformanceEnvironment environment) {
        return Optional.of(payer.getAddress());
    }

    @Override
    protected Duration eventTimeout() {
        return Duration.ofSeconds(20);
    }

    @Override
    protected void actAsPayer(CheckoutResult checkout, PayerAction action, ConformanceEnvironment environment) {
        assertThat(checkout.payload()).as("EVM checkouts are wallet transactions").isInstanceOf(CheckoutPayload.WalletTransaction.class);
        CheckoutPayload.WalletTransaction payload = (CheckoutPayload.WalletTransaction) checkout.payload();
        if (action == PayerAction.PAY) {
            TransactionReceipt receipt = new TestingWallet(chain.anvil().web3j(), payer).send(payload);
            assertThat(receipt.isStatusOK()).as("the wallet's transaction " + receipt.getTransactionHash() + " must succeed").isTrue();
        }
        else {
            // A wallet that declines never sends; the payload's deadline passes.
            chain.advanceTo(payload.deadline().plusSeconds(1));
        }
        chain.confirm();
    }

    @Override
    protected void advanceTimeTo(Instant instant, ConformanceEnvironment environment) {
        environment.clock().advanceTo(instant);
        chain.advanceTo(instant);
    }
}

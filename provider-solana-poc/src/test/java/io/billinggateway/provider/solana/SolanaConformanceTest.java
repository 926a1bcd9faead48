package io.billinggateway.provider.solana;

import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.tck.BaseBillingProviderConformanceTest;
import io.billinggateway.tck.ConformanceEnvironment;
import io.billinggateway.tck.ConformanceNetwork;
import io.billinggateway.tck.PayerAction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance kit against the Solana provider on a real Solana runtime ({@link TestingSolanaChain}), configured
 * as an operator would configure devnet with SOL and one SPL token, and a reference secret. The payer pays the
 * transfer request with Solana Pay's own library; a payer who declines is modelled as one who pays the wrong amount,
 * which the provider rejects with {@code PaymentFailed}.
 */
class SolanaConformanceTest extends BaseBillingProviderConformanceTest {
    private static final String REFERENCE_SECRET = "tck-solana-reference-secret-0123456789";

    private static TestingSolanaChain chain;
    private static String mint;
    private static String recipient;

    @BeforeAll
    static void startChain() {
        chain = TestingSolanaChain.start();
        mint = chain.createMint(6);
        recipient = chain.newRecipient(mint);
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @Override
    protected BillingProviderFactory createFactory() {
        return new SolanaBillingProviderFactory();
    }

    @Override
    protected ConformanceNetwork network(ConformanceEnvironment environment) {
        return new ConformanceNetwork("solana-devnet", TestingSolanaChain.DEVNET, Map.of(
                "rpc-url", chain.rpcUrl().toString(),
                "recipient", recipient,
                "spl-token-mint", mint,
                "spl-token-code", "USDC",
                "spl-token-decimals", "6",
                "label", "Conformance Shop"),
                Map.of("reference-secret", REFERENCE_SECRET));
    }

    @Override
    protected void actAsPayer(CheckoutResult checkout, PayerAction action, ConformanceEnvironment environment) {
        assertThat(checkout.payload()).as("a Solana checkout is a Solana Pay transfer request").isInstanceOf(CheckoutPayload.PaymentRequestUri.class);
        CheckoutPayload.PaymentRequestUri request = (CheckoutPayload.PaymentRequestUri) checkout.payload();
        if (action == PayerAction.PAY) {
            chain.pay(request.uri());
        }
        else {
            chain.pay(request.uri(), Map.of("amount", "0.000000001"));
        }
    }
}

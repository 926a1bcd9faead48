package com.example.billing.starter;

import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.ChainId;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.tck.BaseBillingProviderConformanceTest;
import io.billinggateway.tck.ConformanceEnvironment;
import io.billinggateway.tck.ConformanceNetwork;
import io.billinggateway.tck.PayerAction;

import java.util.Map;

/** The conformance kit against the provider. */
class StarterConformanceTest extends BaseBillingProviderConformanceTest {
    @Override
    protected BillingProviderFactory createFactory() {
        return new StarterBillingProviderFactory();
    }

    // TODO(9): point api-url at your PSP's sandbox and give a sandbox API key (read it from the environment, never commit it).
    @Override
    protected ConformanceNetwork network(ConformanceEnvironment environment) {
        return new ConformanceNetwork("starter", ChainId.parse("starter:sandbox"), Map.of("api-url", "sandbox:"), Map.of("api-key", "sk_test_starter_0123456789"));
    }

    // TODO(10): act as the payer on your PSP's sandbox: submit its hosted page with a test card, or press decline.
    @Override
    protected void actAsPayer(CheckoutResult checkout, PayerAction action, ConformanceEnvironment environment) {
        SandboxPspClient sandbox = ((StarterBillingProvider) environment.provider()).sandbox().orElseThrow();
        sandbox.settle(checkout.providerReference(), action == PayerAction.PAY);
    }
}

package io.billinggateway.tck;

import io.billinggateway.spi.Capability;
import io.billinggateway.tck.fixture.TestingProviderConformance;

import java.util.Set;

/**
 * The kit against a correct provider that offers one-time payments learnt by polling and nothing else: every
 * test must pass, taking the "not declared, so UNSUPPORTED" branch for the rest.
 */
class PollingOnlyProviderConformanceTest extends TestingProviderConformance {
    @Override
    protected Set<Capability> networkCapabilities() {
        return Set.of(Capability.ONE_TIME_PAYMENT, Capability.EVENT_POLLING);
    }
}

package io.billinggateway.tck;

import io.billinggateway.spi.Capability;
import io.billinggateway.tck.fixture.TestingProviderConformance;

import java.util.Set;

/**
 * The kit against a correct provider that offers subscriptions with full refunds only, learnt by webhooks:
 * payments to refund come from renewals, and partial refunds and one-time payments must be UNSUPPORTED.
 */
class SubscriptionsOnlyProviderConformanceTest extends TestingProviderConformance {
    @Override
    protected Set<Capability> networkCapabilities() {
        return Set.of(Capability.RECURRING_CHARGE, Capability.REFUND, Capability.WEBHOOKS);
    }
}

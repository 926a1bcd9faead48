package io.billinggateway.tck;

import io.billinggateway.tck.fixture.TestingProviderConformance;

/** The kit against a correct provider that declares every capability: every test must pass. */
class InMemoryProviderConformanceTest extends TestingProviderConformance {
}

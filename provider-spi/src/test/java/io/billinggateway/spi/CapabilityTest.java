package io.billinggateway.spi;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CapabilityTest {
    @Test
    void closureAddsImpliedCapabilities() {
        assertThat(Capability.closure(Set.of(Capability.PARTIAL_REFUND))).containsExactlyInAnyOrder(Capability.PARTIAL_REFUND, Capability.REFUND);
        assertThat(Capability.closure(Set.of(Capability.BATCH_CHARGE))).containsExactlyInAnyOrder(Capability.BATCH_CHARGE, Capability.RECURRING_CHARGE);
        assertThat(Capability.closure(Set.of(Capability.WEBHOOKS))).containsExactly(Capability.WEBHOOKS);
    }

    @Test
    void descriptionsDeclareTheClosure() {
        NetworkDescription description = new NetworkDescription("fiat", "mock-fiat", ChainId.parse("fiat:mock"),
                java.util.List.of(Asset.nativeAsset("USD", 2)), Set.of(Capability.PARTIAL_REFUND), 0, 1);
        assertThat(description.supports(Capability.REFUND)).isTrue();
        assertThat(description.supports(Capability.RECURRING_CHARGE)).isFalse();
    }
}

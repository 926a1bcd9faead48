package io.billinggateway.provider.evm.checkout;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CheckoutTagTest {
    private static final String MANAGER = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    private static final String SUBSCRIBE = "0x2b2f6ce5" + "11".repeat(32);

    @Test
    void referenceIsStablePerCheckoutAndDiffersAcrossChainsAndCheckouts() {
        String reference = CheckoutTag.reference(56, MANAGER, "checkout-1");
        assertThat(reference).matches("0x[0-9a-f]{64}").isEqualTo(CheckoutTag.reference(56, MANAGER, "checkout-1"));
        assertThat(CheckoutTag.reference(137, MANAGER, "checkout-1")).isNotEqualTo(reference);
        assertThat(CheckoutTag.reference(56, MANAGER, "checkout-2")).isNotEqualTo(reference);
    }

    @Test
    void tagIsFoundAfterTheCallAndInsideAWalletsCall() {
        String reference = CheckoutTag.reference(56, MANAGER, "checkout-1");
        String tagged = CheckoutTag.append(SUBSCRIBE, reference);
        assertThat(tagged).startsWith(SUBSCRIBE).hasSize(SUBSCRIBE.length() + 72);
        assertThat(CheckoutTag.find(tagged)).containsExactly(reference);

        String executeCall = "0xb61d27f6" + "00".repeat(64) + tagged.substring(2) + "00".repeat(28);
        assertThat(CheckoutTag.find(executeCall)).containsExactly(reference);
        assertThat(CheckoutTag.find(SUBSCRIBE)).isEmpty();
    }

    @Test
    void markerOffByHalfAByteIsNoTag() {
        String shifted = "0x0" + CheckoutTag.MARKER + "ab".repeat(32) + "0";
        assertThat(CheckoutTag.find(shifted)).isEmpty();
    }
}

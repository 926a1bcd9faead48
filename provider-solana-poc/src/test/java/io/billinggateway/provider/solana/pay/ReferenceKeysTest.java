package io.billinggateway.provider.solana.pay;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceKeysTest {
    private static final byte[] SECRET = "a reference secret of the tests".getBytes(StandardCharsets.UTF_8);

    @Test
    void publicKeyOfASeedFollowsRfc8032() {
        // RFC 8032, section 7.1, TEST 1
        byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] publicKey = HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

        assertThat(ReferenceKeys.fromSeed(seed)).isEqualTo(Base58.encode(publicKey));
    }

    @Test
    void randomReferencesAreAddressesAndNeverRepeat() {
        SecureRandom random = new SecureRandom();
        Set<String> references = new HashSet<>();
        for (int count = 0; count < 200; count++) {
            String reference = ReferenceKeys.random(random);
            assertThat(Base58.isAddress(reference)).isTrue();
            references.add(reference);
        }
        assertThat(references).hasSize(200);
    }

    @Test
    void derivedReferencesDependOnSecretNetworkAndCheckout() {
        String reference = ReferenceKeys.derived(SECRET, "solana-devnet", "checkout-1");

        assertThat(Base58.isAddress(reference)).isTrue();
        assertThat(ReferenceKeys.derived(SECRET.clone(), "solana-devnet", "checkout-1")).as("the same inputs, the same reference").isEqualTo(reference);
        assertThat(ReferenceKeys.derived(SECRET, "solana-devnet", "checkout-2")).isNotEqualTo(reference);
        assertThat(ReferenceKeys.derived(SECRET, "solana-mainnet", "checkout-1")).isNotEqualTo(reference);
        assertThat(ReferenceKeys.derived("another secret of the tests".getBytes(StandardCharsets.UTF_8), "solana-devnet", "checkout-1")).isNotEqualTo(reference);
    }
}

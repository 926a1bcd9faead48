package io.billinggateway.provider.solana.pay;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Base58Test {
    @Test
    void encodesKnownVectors() {
        assertThat(Base58.encode(new byte[0])).isEmpty();
        assertThat(Base58.encode(new byte[] {0})).isEqualTo("1");
        assertThat(Base58.encode("Hello World!".getBytes(StandardCharsets.US_ASCII))).isEqualTo("2NEpo7TZRRrLZSi2U");
        assertThat(Base58.encode(HexFormat.of().parseHex("0000287fb4cd"))).isEqualTo("11233QC4");
        assertThat(Base58.encode(new byte[32])).as("the system program").isEqualTo("11111111111111111111111111111111");
        assertThat(Base58.encode(HexFormat.of().parseHex("06ddf6e1d765a193d9cbe146ceeb79ac1cb485ed5f5b37913a8cf5857eff00a9")))
                .as("the SPL Token program").isEqualTo("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
    }

    @Test
    void decodesWhatItEncodes() {
        Random random = new Random(58);
        for (int length = 0; length < 70; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            if (length > 2) {
                bytes[0] = 0;
            }
            assertThat(Base58.decode(Base58.encode(bytes))).isEqualTo(bytes);
        }
    }

    @Test
    void refusesCharactersOutsideTheAlphabet() {
        assertThatThrownBy(() -> Base58.decode("abc0def")).hasMessageContaining("'0' at position 3");
        assertThatThrownBy(() -> Base58.decode("Il")).hasMessageContaining("'I'");
    }

    @Test
    void recognisesAddresses() {
        assertThat(Base58.isAddress("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA")).isTrue();
        assertThat(Base58.isAddress("11111111111111111111111111111111")).isTrue();
        assertThat(Base58.isAddress("2NEpo7TZRRrLZSi2U")).as("12 bytes").isFalse();
        assertThat(Base58.isAddress("0xdAC17F958D2ee523a2206206994597C13D831ec7")).isFalse();
        assertThat(Base58.isAddress(null)).isFalse();
    }
}

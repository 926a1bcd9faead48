package io.billinggateway.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChainIdTest {
    @Test
    void bareEvmNumbersAreNormalisedToCaip2() {
        assertThat(ChainId.parse("56")).isEqualTo(new ChainId("eip155", "56"));
        assertThat(ChainId.parse(" 137 ")).hasToString("eip155:137");
        assertThat(ChainId.parse("eip155:1").evmChainId()).isEqualTo(1L);
        assertThat(ChainId.parse("solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp").isEvm()).isFalse();
        assertThat(ChainId.parse("fiat:mock")).hasToString("fiat:mock");
    }

    @Test
    void malformedIdsExplainTheExpectedForm() {
        assertThatThrownBy(() -> ChainId.parse("bsc")).hasMessage("chain id must be CAIP-2 'namespace:reference' (e.g. eip155:56) or a bare EVM chain number, got 'bsc'");
        assertThatThrownBy(() -> ChainId.parse("EIP155:1")).hasMessageContaining("namespace must match");
        assertThatThrownBy(() -> ChainId.parse("eip155:0x38")).hasMessageContaining("decimal chain id");
        assertThatThrownBy(() -> ChainId.parse("eip155:056")).hasMessageContaining("no leading zeros");
        assertThatThrownBy(() -> ChainId.parse("0")).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> new ChainId("fiat", "a".repeat(33))).hasMessageContaining("reference must match");
    }
}

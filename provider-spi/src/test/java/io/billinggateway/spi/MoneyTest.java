package io.billinggateway.spi;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {
    @Test
    void amountsAreExactIntegersOfTheSmallestUnit() {
        Money price = Money.of(1999, "USD");
        assertThat(price.toDecimal(2)).hasToString("19.99");
        assertThat(price.plus(Money.of(1, "USD"))).isEqualTo(Money.of(2000, "USD"));
        Money wei = new Money(new BigInteger("1000000000000000000"), "ETH");
        assertThat(wei.toDecimal(18)).isEqualByComparingTo("1");
    }

    @Test
    void rejectsNegativeOversizedAndMixedAssets() {
        assertThatThrownBy(() -> Money.of(-1, "USD")).hasMessage("amount must not be negative, got -1 USD");
        assertThatThrownBy(() -> new Money(BigInteger.ONE.shiftLeft(256), "ETH")).hasMessageContaining("must fit in 256 bits");
        assertThatThrownBy(() -> Money.of(1, "USD").plus(Money.of(1, "EUR"))).hasMessage("cannot combine USD with EUR");
        assertThatThrownBy(() -> Money.of(1, "USD").minus(Money.of(2, "USD"))).hasMessageContaining("must not be negative");
    }
}

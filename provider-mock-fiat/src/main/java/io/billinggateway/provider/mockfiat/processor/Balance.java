package io.billinggateway.provider.mockfiat.processor;

import io.billinggateway.spi.Money;

import static java.util.Objects.requireNonNull;

/**
 * The PSP account's totals, the way a merchant dashboard shows them; tests use it to see that money moved once.
 *
 * @param captured everything ever captured
 * @param refunded everything ever refunded
 * @param payments how many payments captured money
 * @param refunds how many refunds were made
 */
public record Balance(Money captured, Money refunded, int payments, int refunds) {
    public Balance {
        requireNonNull(captured, "captured is null");
        requireNonNull(refunded, "refunded is null");
    }

    /** What the merchant holds: captured minus refunded. */
    public Money available() {
        return captured.minus(refunded);
    }
}

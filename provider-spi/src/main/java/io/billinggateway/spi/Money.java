package io.billinggateway.spi;

import java.math.BigDecimal;
import java.math.BigInteger;

import static java.util.Objects.requireNonNull;

/**
 * An amount of one asset as a non-negative integer count of the asset's smallest unit
 * (wei, cents, lamports). Never floating point.
 *
 * @param minorUnits the amount in the asset's smallest unit, {@code 0 <= minorUnits < 2^256}
 * @param asset the asset {@linkplain Asset#code() code} on the network the amount belongs to
 */
public record Money(BigInteger minorUnits, String asset) {
    private static final BigInteger MAX_EXCLUSIVE = BigInteger.ONE.shiftLeft(256);

    public Money {
        requireNonNull(minorUnits, "minorUnits is null");
        requireNonNull(asset, "asset is null");
        if (minorUnits.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative, got " + minorUnits + " " + asset);
        }
        if (minorUnits.compareTo(MAX_EXCLUSIVE) >= 0) {
            throw new IllegalArgumentException("amount must fit in 256 bits, got " + minorUnits + " " + asset);
        }
        if (asset.isBlank()) {
            throw new IllegalArgumentException("asset must not be blank");
        }
    }

    public static Money of(long minorUnits, String asset) {
        return new Money(BigInteger.valueOf(minorUnits), asset);
    }

    public boolean isZero() {
        return minorUnits.signum() == 0;
    }

    public Money plus(Money other) {
        requireSameAsset(other);
        return new Money(minorUnits.add(other.minorUnits), asset);
    }

    /** @throws IllegalArgumentException when the result would be negative */
    public Money minus(Money other) {
        requireSameAsset(other);
        return new Money(minorUnits.subtract(other.minorUnits), asset);
    }

    public int compareAmount(Money other) {
        requireSameAsset(other);
        return minorUnits.compareTo(other.minorUnits);
    }

    /** The amount in whole units for display, exact: {@code 1999} cents with 2 decimals is {@code 19.99}. */
    public BigDecimal toDecimal(int decimals) {
        return new BigDecimal(minorUnits, decimals);
    }

    private void requireSameAsset(Money other) {
        requireNonNull(other, "other is null");
        if (!asset.equals(other.asset)) {
            throw new IllegalArgumentException("cannot combine " + asset + " with " + other.asset);
        }
    }

    @Override
    public String toString() {
        return minorUnits + " " + asset;
    }
}

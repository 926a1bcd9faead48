package io.billinggateway.gateway.overview;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Monthly recurring revenue per asset, summed exactly: each subscription's amount normalised to a month is a fraction
 * (P3M at 10 is 10/3 a month), the fractions are added as fractions and rounded half-even once per asset, so rounding
 * never accumulates over many subscriptions. See docs/analytics.md (MRR).
 */
final class MonthlyRevenue {
    /** The average Gregorian month, 365.2425 days / 12, in seconds: a fixed-duration period is normalised to it. */
    static final BigInteger SECONDS_PER_MONTH = BigInteger.valueOf(2_629_746);

    /** Per asset, per denominator, the sum of numerators: few distinct periods exist, so this stays small. */
    private final Map<Asset, Map<BigInteger, BigInteger>> fractions = new TreeMap<>();

    /**
     * Adds one subscription billing {@code amount} every {@code periodMonths} calendar months, or else every
     * {@code periodSeconds} seconds.
     */
    void add(Asset asset, BigInteger amount, Long periodSeconds, Integer periodMonths) {
        BigInteger numerator;
        BigInteger denominator;
        if (periodMonths != null && periodMonths > 0) {
            numerator = amount;
            denominator = BigInteger.valueOf(periodMonths);
        }
        else if (periodSeconds != null && periodSeconds > 0) {
            numerator = amount.multiply(SECONDS_PER_MONTH);
            denominator = BigInteger.valueOf(periodSeconds);
        }
        else {
            return; // a one-time product recurs never
        }
        fractions.computeIfAbsent(asset, ignored -> new TreeMap<>()).merge(denominator, numerator, BigInteger::add);
    }

    /** Every asset's MRR in minor units. */
    AssetAmounts total() {
        AssetAmounts totals = new AssetAmounts();
        fractions.forEach((asset, sums) -> totals.add(asset, divide(sums, BigInteger.ONE)));
        return totals;
    }

    /** Every asset's MRR divided by its number of paying users ({@code users}; an asset without users is left out). */
    AssetAmounts perUser(Map<Asset, Integer> users) {
        AssetAmounts averages = new AssetAmounts();
        fractions.forEach((asset, sums) -> {
            int count = users.getOrDefault(asset, 0);
            if (count > 0) {
                averages.add(asset, divide(sums, BigInteger.valueOf(count)));
            }
        });
        return averages;
    }

    private static BigInteger divide(Map<BigInteger, BigInteger> sums, BigInteger divisor) {
        BigInteger numerator = BigInteger.ZERO;
        BigInteger denominator = BigInteger.ONE;
        for (Map.Entry<BigInteger, BigInteger> sum : sums.entrySet()) {
            // numerator/denominator + n/d = (numerator*d + n*denominator) / (denominator*d)
            numerator = numerator.multiply(sum.getKey()).add(sum.getValue().multiply(denominator));
            denominator = denominator.multiply(sum.getKey());
        }
        return new BigDecimal(numerator).divide(new BigDecimal(denominator.multiply(divisor)), 0, RoundingMode.HALF_EVEN).toBigIntegerExact();
    }
}

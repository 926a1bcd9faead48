package io.billinggateway.gateway.overview;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The value types of overview figures: a count or a rate with its previous period's value and the change. */
final class Figures {
    private Figures() {
    }

    /** A count in this window, in the previous one, and {@code value - previous}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Count(long value, long previous, long delta) {
        static Count of(long value, long previous) {
            return new Count(value, previous, value - previous);
        }
    }

    /**
     * A fraction from 0 to 1 (4 decimals, half-even) in this window and the previous one; null where the denominator
     * is 0, and then the delta is null too.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Rate(@Nullable BigDecimal value, @Nullable BigDecimal previous, @Nullable BigDecimal delta) {
        static Rate of(BigDecimal value, BigDecimal previous) {
            return new Rate(value, previous, value == null || previous == null ? null : value.subtract(previous));
        }
    }

    /** {@code part / whole} with 4 decimals, or null when {@code whole} is 0. */
    static BigDecimal fraction(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN);
    }
}

package io.billinggateway.spi;

import java.time.Duration;
import java.time.Period;
import java.util.Optional;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/**
 * The terms of a plan on one network, as the gateway's catalog holds them.
 *
 * @param planId the gateway's stable id of the plan (the same on every network)
 * @param name a display name
 * @param price the price per period (or the one-time price) in an asset of the network
 * @param billingPeriod the subscription period as a fixed duration; empty for a one-time product and for a calendar plan
 * @param version increases every time the terms change, so that a registration of new terms never
 *                reuses the consent given to old ones
 * @param calendarPeriod the subscription period in whole months ({@code P1M}, {@code P3M}, {@code P1Y}), renewed on the
 *                       same day of the month ({@link RenewalSchedule#nextCalendarChargeAt}); only sent to a network
 *                       whose provider declares {@link Capability#CALENDAR_PERIODS}. At most one of the two periods is
 *                       present. {@code @since 1.2}
 */
public record PlanDefinition(String planId, String name, Money price, Optional<Duration> billingPeriod, long version, Optional<Period> calendarPeriod) {
    public PlanDefinition {
        requireText(planId, "planId");
        requireText(name, "name");
        requireNonNull(price, "price is null");
        requireNonNull(billingPeriod, "billingPeriod is null");
        billingPeriod.ifPresent(period -> {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("billing period must be positive, got " + period);
            }
        });
        if (version < 1) {
            throw new IllegalArgumentException("plan version starts at 1, got " + version);
        }
        requireNonNull(calendarPeriod, "calendarPeriod is null");
        calendarPeriod.ifPresent(period -> {
            if (period.getDays() != 0 || period.toTotalMonths() < 1) {
                throw new IllegalArgumentException("a calendar period is a positive number of months or years without days, got " + period);
            }
            if (billingPeriod.isPresent()) {
                throw new IllegalArgumentException("a plan has a fixed billing period or a calendar period, not both: " + billingPeriod.get() + " and " + period);
            }
        });
    }

    /** A plan billed in a fixed duration, or a one-time product (SPI 1.0 and 1.1's constructor, kept so that their plugins link). */
    public PlanDefinition(String planId, String name, Money price, Optional<Duration> billingPeriod, long version) {
        this(planId, name, price, billingPeriod, version, Optional.empty());
    }

    public boolean recurring() {
        return billingPeriod.isPresent() || calendarPeriod.isPresent();
    }
}

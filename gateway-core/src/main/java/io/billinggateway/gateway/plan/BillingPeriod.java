package io.billinggateway.gateway.plan;

import io.billinggateway.spi.RenewalSchedule;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How often a subscription renews: a fixed duration ({@code P30D}, billed on every network), or whole calendar months
 * ({@code P1M}, {@code P3M}, {@code P1Y}), renewed on the subscriber's day of the month, only on networks whose provider
 * declares {@link io.billinggateway.spi.Capability#CALENDAR_PERIODS}. Written as ISO-8601 both ways.
 */
public sealed interface BillingPeriod {
    /** The period as the API shows it: {@code P30D}, {@code PT12H}, {@code P1M}, {@code P1Y}. */
    String iso();

    /**
     * The next charge by the renewal policy, for a provider that reports none ({@link RenewalSchedule}). A calendar
     * period is anchored on the charged period's start, since the gateway does not keep the subscriber's anchor day:
     * providers that declare calendar periods report their own next charge.
     */
    Instant nextChargeAt(Instant dueAt, Instant chargedAt);

    /** A fixed number of days, hours or minutes. */
    record Fixed(Duration duration) implements BillingPeriod {
        public Fixed {
            requireNonNull(duration, "duration is null");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("a billing period must be positive, got " + duration);
            }
        }

        /**
         * Whole days as days ({@code P30D}, {@code P1DT12H}), as clients write them; {@link Duration#toString()} would
         * answer hours ({@code PT720H}). A period shorter than a day keeps its time form ({@code PT12H}).
         */
        @Override
        public String iso() {
            long days = duration.toDays();
            if (days == 0) {
                return duration.toString();
            }
            Duration time = duration.minusDays(days);
            return "P" + days + "D" + (time.isZero() ? "" : time.toString().substring(1));
        }

        @Override
        public Instant nextChargeAt(Instant dueAt, Instant chargedAt) {
            return RenewalSchedule.nextChargeAt(dueAt, duration, chargedAt);
        }
    }

    /** Whole months (a year is twelve), renewed on the same day of the month, clamped to the month's last day. */
    record Calendar(Period months) implements BillingPeriod {
        public Calendar {
            requireNonNull(months, "months is null");
            months = months.normalized();
            if (months.getDays() != 0 || months.toTotalMonths() < 1) {
                throw new IllegalArgumentException("a calendar period is a positive number of months or years without days, got " + months);
            }
        }

        /** {@code months} whole months. */
        public static Calendar ofMonths(long months) {
            return new Calendar(Period.ofMonths(Math.toIntExact(months)).normalized());
        }

        @Override
        public String iso() {
            return months.toString();
        }

        @Override
        public Instant nextChargeAt(Instant dueAt, Instant chargedAt) {
            return RenewalSchedule.nextCalendarChargeAt(dueAt, months, dueAt, chargedAt);
        }
    }

    /** A period as stored: {@code billing_period_seconds} for a fixed one, {@code billing_period_months} for a calendar one; empty when neither. */
    static Optional<BillingPeriod> fromColumns(Long seconds, Long months) {
        if (months != null) {
            return Optional.of(Calendar.ofMonths(months));
        }
        return Optional.ofNullable(seconds).map(value -> new Fixed(Duration.ofSeconds(value)));
    }

    /** The {@code billing_period_seconds} column: set for a fixed period only. */
    static Long secondsColumn(Optional<BillingPeriod> period) {
        return period.orElse(null) instanceof Fixed fixed ? fixed.duration().toSeconds() : null;
    }

    /** The {@code billing_period_months} column: set for a calendar period only. */
    static Long monthsColumn(Optional<BillingPeriod> period) {
        return period.orElse(null) instanceof Calendar calendar ? calendar.months().toTotalMonths() : null;
    }

    /**
     * Parses an ISO-8601 duration ({@code P30D}, {@code PT720H}) as a fixed period, or a period of months or years
     * without days ({@code P1M}, {@code P1Y2M}) as a calendar period.
     *
     * @return empty when the text is neither
     */
    static Optional<BillingPeriod> parse(String text) {
        String value = text.strip();
        try {
            return Optional.of(new Fixed(Duration.parse(value)));
        }
        catch (DateTimeParseException | IllegalArgumentException e) {
            // not a duration; perhaps months
        }
        try {
            Period period = Period.parse(value);
            if (period.getDays() == 0 && period.toTotalMonths() > 0) {
                return Optional.of(new Calendar(period));
            }
        }
        catch (DateTimeParseException e) {
            // neither
        }
        return Optional.empty();
    }
}

package io.billinggateway.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

import static java.util.Objects.requireNonNull;

/**
 * The renewal policy every provider and the gateway follow, so that a subscription is renewed the same way on
 * every network: <b>a renewal charges one period, once</b>. The next charge falls one period after the one that
 * was due; when that is already past (the renewal was more than a period late, for example after an outage or a
 * frozen plan), the schedule restarts from the charge: the next charge is one period after it. Missed periods are
 * never charged afterwards, so a late subscription is never charged several times in a row to catch up.
 *
 * <p>This is what the EVM {@code SubscriptionManager} does on chain. A provider that keeps a schedule reports the
 * result as {@link ChargeOutcome.Charged#nextChargeAt()}; for one that keeps none, the gateway applies this
 * policy to its own clock.
 *
 * @since 1.1
 */
public final class RenewalSchedule {
    private RenewalSchedule() {
    }

    /**
     * The next charge after a renewal.
     *
     * @param dueAt when the charged period was due (the {@link ChargeItem#periodStart()})
     * @param period the billing period
     * @param chargedAt when the money moved, by the provider's clock
     * @return {@code dueAt + period}, or {@code chargedAt + period} when {@code dueAt + period} is not after {@code chargedAt}
     */
    public static Instant nextChargeAt(Instant dueAt, Duration period, Instant chargedAt) {
        requireNonNull(dueAt, "dueAt is null");
        requireNonNull(period, "period is null");
        requireNonNull(chargedAt, "chargedAt is null");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a billing period must be positive, got " + period);
        }
        Instant anchored = dueAt.plus(period);
        return anchored.isAfter(chargedAt) ? anchored : chargedAt.plus(period);
    }

    /**
     * The next charge after a renewal of a calendar plan, anchored on a day of the month in UTC: the charges fall on
     * {@code anchor + n × period} (n = 1, 2, ...), each on the anchor's day of the month, or on the month's last day when
     * it is shorter (31 January, 28 February, 31 March, 30 April; 29 February 2024, 28 February 2025, ..., 29 February
     * 2028 for a yearly plan). A renewal more than a period late restarts the schedule from the charge, with the
     * charge's day as the new anchor, as {@link #nextChargeAt} does for fixed durations.
     *
     * @param anchor the start of the subscription, or the charge that last restarted its schedule
     * @param period whole months or years ({@code P1M}, {@code P3M}, {@code P1Y})
     * @param dueAt when the charged period was due (on the schedule, or {@code anchor} itself)
     * @param chargedAt when the money moved, by the provider's clock
     * @return the first {@code anchor + n × period} after {@code dueAt}, or {@code chargedAt + period} when that is not
     *         after {@code chargedAt} (the caller then keeps {@code chargedAt} as the new anchor)
     * @since 1.2
     */
    public static Instant nextCalendarChargeAt(Instant anchor, Period period, Instant dueAt, Instant chargedAt) {
        requireNonNull(anchor, "anchor is null");
        requireNonNull(period, "period is null");
        requireNonNull(dueAt, "dueAt is null");
        requireNonNull(chargedAt, "chargedAt is null");
        long months = period.toTotalMonths();
        if (period.getDays() != 0 || months < 1) {
            throw new IllegalArgumentException("a calendar period is a positive number of months or years without days, got " + period);
        }
        ZonedDateTime start = anchor.atZone(ZoneOffset.UTC);
        // months between the anchor and dueAt, give or take one; then step to the first charge after dueAt
        long steps = Math.max(1, ChronoUnit.MONTHS.between(start, dueAt.atZone(ZoneOffset.UTC)) / months);
        Instant next = start.plusMonths(steps * months).toInstant();
        while (steps > 1 && start.plusMonths((steps - 1) * months).toInstant().isAfter(dueAt)) {
            steps--;
            next = start.plusMonths(steps * months).toInstant();
        }
        while (!next.isAfter(dueAt)) {
            steps++;
            next = start.plusMonths(steps * months).toInstant();
        }
        return next.isAfter(chargedAt) ? next : chargedAt.atZone(ZoneOffset.UTC).plusMonths(months).toInstant();
    }
}

package io.billinggateway.spi;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 13, point 5: calendar periods keep the anchor's day of the month, clamped to the month's last day. */
class CalendarRenewalScheduleTest {
    /** {@code -Dbilling.calendar.runs=N} for a longer search; the seed is printed with any failure. */
    private static final int RUNS = Integer.getInteger("billing.calendar.runs", 2_000);
    private static final long SEED = Long.getLong("billing.calendar.seed", System.nanoTime());
    private static final List<Period> PERIODS = List.of(Period.ofMonths(1), Period.ofMonths(3), Period.ofMonths(6), Period.ofYears(1), Period.ofMonths(2));

    @Test
    void theThirtyFirstOfJanuaryRenewsOnTheLastDayOfFebruaryThenOnTheThirtyFirstOfMarch() {
        Instant anchor = Instant.parse("2027-01-31T09:30:00Z");

        List<Instant> charges = onTimeSchedule(anchor, Period.ofMonths(1), 4);

        assertThat(charges).containsExactly(Instant.parse("2027-02-28T09:30:00Z"), Instant.parse("2027-03-31T09:30:00Z"),
                Instant.parse("2027-04-30T09:30:00Z"), Instant.parse("2027-05-31T09:30:00Z"));
    }

    @Test
    void leapYearsGiveFebruaryItsTwentyNinthBack() {
        assertThat(onTimeSchedule(Instant.parse("2028-01-31T00:00:00Z"), Period.ofMonths(1), 2))
                .containsExactly(Instant.parse("2028-02-29T00:00:00Z"), Instant.parse("2028-03-31T00:00:00Z"));
        assertThat(onTimeSchedule(Instant.parse("2024-02-29T12:00:00Z"), Period.ofYears(1), 4)).containsExactly(
                Instant.parse("2025-02-28T12:00:00Z"), Instant.parse("2026-02-28T12:00:00Z"), Instant.parse("2027-02-28T12:00:00Z"),
                Instant.parse("2028-02-29T12:00:00Z"));
        assertThat(onTimeSchedule(Instant.parse("2099-11-30T00:00:00Z"), Period.ofMonths(3), 1))
                .as("2100 is not a leap year").containsExactly(Instant.parse("2100-02-28T00:00:00Z"));
    }

    @Test
    void aRenewalMoreThanAPeriodLateRestartsOnTheDayOfTheCharge() {
        Instant anchor = Instant.parse("2027-01-31T00:00:00Z");
        Instant due = Instant.parse("2027-02-28T00:00:00Z");
        Instant chargedAt = Instant.parse("2027-05-10T08:00:00Z");

        assertThat(RenewalSchedule.nextCalendarChargeAt(anchor, Period.ofMonths(1), due, chargedAt)).isEqualTo(Instant.parse("2027-06-10T08:00:00Z"));
        assertThat(RenewalSchedule.nextCalendarChargeAt(anchor, Period.ofMonths(1), due, Instant.parse("2027-03-02T00:00:00Z")))
                .as("less than a period late keeps the anchored day").isEqualTo(Instant.parse("2027-03-31T00:00:00Z"));
    }

    @Test
    void onlyWholeMonthsAreCalendarPeriods() {
        Instant now = Instant.parse("2027-01-01T00:00:00Z");
        assertThatThrownBy(() -> RenewalSchedule.nextCalendarChargeAt(now, Period.ofDays(30), now, now)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RenewalSchedule.nextCalendarChargeAt(now, Period.of(0, 1, 1), now, now)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RenewalSchedule.nextCalendarChargeAt(now, Period.ZERO, now, now)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Seeded random anchors (any day of any month from 1970 to 2400, any time of day), periods and delays: every on-time
     * renewal lands on the anchor's day clamped to its month, computed here independently with {@link YearMonth}, and
     * a renewal more than a period late restarts one period after the charge.
     */
    @Test
    void randomSchedulesKeepTheAnchorDayClampedToEachMonth() {
        Random random = new Random(SEED);
        for (int run = 0; run < RUNS; run++) {
            LocalDate day = LocalDate.ofEpochDay(random.nextLong(0, LocalDate.of(2400, 1, 1).toEpochDay()));
            Instant anchor = day.atTime(LocalTime.ofSecondOfDay(random.nextInt(86_400))).toInstant(ZoneOffset.UTC);
            Period period = PERIODS.get(random.nextInt(PERIODS.size()));
            String context = "seed " + SEED + " (-Dbilling.calendar.seed), run " + run + ": anchor " + anchor + ", period " + period;
            Instant due = anchor;
            for (int step = 1; step <= 30; step++) {
                Instant expected = onTheAnchorDay(anchor, period.toTotalMonths() * step);
                // charged on time, up to a little less than the shortest period (28 days) late
                Instant chargedAt = due.plusSeconds(random.nextLong(0, Duration.ofDays(27).toSeconds()));
                Instant next = RenewalSchedule.nextCalendarChargeAt(anchor, period, due, chargedAt);
                assertThat(next).as(context + ", renewal " + step).isEqualTo(expected);
                due = next;
            }
            Instant late = due.plus(Duration.ofDays(31L * period.toTotalMonths() + random.nextInt(400)));
            assertThat(RenewalSchedule.nextCalendarChargeAt(anchor, period, due, late))
                    .as(context + ", charged more than a period late at " + late)
                    .isEqualTo(late.atZone(ZoneOffset.UTC).plusMonths(period.toTotalMonths()).toInstant());
        }
    }

    private static List<Instant> onTimeSchedule(Instant anchor, Period period, int renewals) {
        List<Instant> charges = new ArrayList<>();
        Instant due = anchor;
        for (int renewal = 0; renewal < renewals; renewal++) {
            due = RenewalSchedule.nextCalendarChargeAt(anchor, period, due, due.plusSeconds(60));
            charges.add(due);
        }
        return charges;
    }

    /** The anchor's day and time of day, {@code months} months later, clamped to that month's length. */
    private static Instant onTheAnchorDay(Instant anchor, long months) {
        LocalDate anchorDay = anchor.atZone(ZoneOffset.UTC).toLocalDate();
        YearMonth month = YearMonth.from(anchorDay).plusMonths(months);
        LocalDate day = month.atDay(Math.min(anchorDay.getDayOfMonth(), month.lengthOfMonth()));
        return day.atTime(anchor.atZone(ZoneOffset.UTC).toLocalTime()).toInstant(ZoneOffset.UTC);
    }
}

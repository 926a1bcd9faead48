package io.billinggateway.gateway.overview;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The step of a dashboard's time series. {@code MONTH} is a calendar month in UTC, counted from the series' start so that
 * the day of the month is kept where it exists (a series from the 31st steps to the 28th, then the 31st again).
 */
enum Interval {
    DAY(92),
    WEEK(106),
    MONTH(36);

    private final int maxBuckets;

    Interval(int maxBuckets) {
        this.maxBuckets = maxBuckets;
    }

    /** Most buckets one series may hold: bounds the work of one request. */
    int maxBuckets() {
        return maxBuckets;
    }

    /** The start of bucket {@code index} of a series starting at {@code start}. */
    Instant bucketStart(Instant start, long index) {
        return switch (this) {
            case DAY -> start.plus(index, ChronoUnit.DAYS);
            case WEEK -> start.plus(index * 7, ChronoUnit.DAYS);
            case MONTH -> ZonedDateTime.ofInstant(start, ZoneOffset.UTC).plusMonths(index).toInstant();
        };
    }

    /** The window before {@code to} a dashboard shows when the caller gives no {@code from}. */
    Instant defaultFrom(Instant to) {
        return switch (this) {
            case DAY -> to.minus(30, ChronoUnit.DAYS);
            case WEEK -> to.minus(12 * 7, ChronoUnit.DAYS);
            case MONTH -> ZonedDateTime.ofInstant(to, ZoneOffset.UTC).minusMonths(12).toInstant();
        };
    }

    String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.billinggateway.gateway.overview;

import io.billinggateway.gateway.input.QueryValues;
import io.billinggateway.gateway.problem.UnprocessableRequestException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * The half-open window {@code [from, to)} a report covers, read strictly from {@code from}, {@code to} and (for the
 * dashboard) {@code interval}. Without {@code to} the window ends at the current minute, so that requests within one
 * minute share a cache entry; a malformed value is a 400 problem naming the parameter, a window that is empty, reversed
 * or larger than the report allows is a 422 problem.
 */
record ReportWindow(Instant from, Instant to, Interval interval) {
    /** The longest window of {@code /networks} and {@code /plans}. */
    static final Duration MAX_FLAT_WINDOW = Duration.ofDays(366);
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");
    private static final List<String> INTERVALS = Arrays.stream(Interval.values()).map(Interval::value).toList();

    ReportWindow {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(interval, "interval is null");
    }

    /** The dashboard's window: at most {@link Interval#maxBuckets()} buckets of {@code interval}. */
    static ReportWindow series(String fromText, String toText, String intervalText, Clock clock) {
        Interval interval = Interval.valueOf(QueryValues.oneOf("interval", intervalText, INTERVALS, "day").toUpperCase(Locale.ROOT));
        Instant to = to(toText, clock);
        Instant from = from(fromText, interval.defaultFrom(to));
        requireOrdered(from, to);
        ReportWindow window = new ReportWindow(from, to, interval);
        if (!interval.bucketStart(from, interval.maxBuckets()).isBefore(to)) {
            return window;
        }
        throw new UnprocessableRequestException("RANGE_TOO_LARGE", "from..to holds more than " + interval.maxBuckets() + " buckets of interval="
                + interval.value() + "; narrow the range or use a longer interval");
    }

    /** The window of {@code /networks} and {@code /plans}: at most {@link #MAX_FLAT_WINDOW}, 30 days by default. */
    static ReportWindow flat(String fromText, String toText, Clock clock) {
        Instant to = to(toText, clock);
        Instant from = from(fromText, to.minus(30, ChronoUnit.DAYS));
        requireOrdered(from, to);
        if (Duration.between(from, to).compareTo(MAX_FLAT_WINDOW) > 0) {
            throw new UnprocessableRequestException("RANGE_TOO_LARGE", "from..to is longer than " + MAX_FLAT_WINDOW.toDays() + " days; narrow the range");
        }
        return new ReportWindow(from, to, Interval.DAY);
    }

    /** The window of the same length that ends where this one starts. */
    ReportWindow previous() {
        return new ReportWindow(from.minus(Duration.between(from, to)), from, interval);
    }

    /** The series' buckets from {@code from}; the last ends at {@code to} and may be shorter. */
    List<ReportWindow> buckets() {
        List<ReportWindow> buckets = new ArrayList<>();
        for (long index = 0; ; index++) {
            Instant start = interval.bucketStart(from, index);
            if (!start.isBefore(to)) {
                return buckets;
            }
            Instant end = interval.bucketStart(from, index + 1);
            buckets.add(new ReportWindow(start, end.isBefore(to) ? end : to, interval));
        }
    }

    boolean contains(Instant instant) {
        return instant != null && !instant.isBefore(from) && instant.isBefore(to);
    }

    /** The part of the cache key this window stands for. */
    String key() {
        return from + "/" + to + "/" + interval.value();
    }

    private static Instant to(String text, Clock clock) {
        Instant to = QueryValues.instant("to", text);
        return to != null ? to : clock.instant().truncatedTo(ChronoUnit.MINUTES);
    }

    private static Instant from(String text, Instant defaultFrom) {
        Instant from = QueryValues.instant("from", text);
        return from != null ? from : defaultFrom;
    }

    private static void requireOrdered(Instant from, Instant to) {
        for (Instant instant : List.of(from, to)) {
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw new UnprocessableRequestException("INVALID_PERIOD", "from and to must lie between " + EARLIEST + " and " + LATEST);
            }
        }
        if (!from.isBefore(to)) {
            throw new UnprocessableRequestException("INVALID_PERIOD", "from (" + from + ") must be before to (" + to + ")");
        }
    }
}

package io.billinggateway.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * A clock that stands still until the kit moves it. The kit hands it to providers as
 * {@link io.billinggateway.spi.ProviderContext#clock()}, so a test can make a subscription period due or a
 * webhook signature stale without sleeping. Thread-safe; time never moves backwards.
 */
public final class TestingClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public TestingClock(Instant start) {
        this(new AtomicReference<>(requireNonNull(start, "start is null")), ZoneOffset.UTC);
    }

    private TestingClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view of the same moving time in another zone. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new TestingClock(now, requireNonNull(zone, "zone is null"));
    }

    /** Moves time forward. */
    public void advance(Duration amount) {
        requireNonNull(amount, "amount is null");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("time only moves forward, got " + amount);
        }
        now.updateAndGet(instant -> instant.plus(amount));
    }

    /** Moves time forward to {@code instant}; an instant in the past leaves the clock where it is. */
    public void advanceTo(Instant instant) {
        requireNonNull(instant, "instant is null");
        now.accumulateAndGet(instant, (current, target) -> target.isAfter(current) ? target : current);
    }

    @Override
    public String toString() {
        return "TestingClock[" + now.get() + "]";
    }
}

package io.billinggateway.provider.mockfiat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/** A clock that stands still until a test moves it. Thread-safe. */
final class TestingClock extends Clock {
    private final AtomicReference<Instant> now;

    TestingClock(Instant start) {
        this.now = new AtomicReference<>(requireNonNull(start, "start is null"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the provider must use the clock it is given");
    }

    void advance(Duration amount) {
        requireNonNull(amount, "amount is null");
        now.updateAndGet(instant -> instant.plus(amount));
    }
}

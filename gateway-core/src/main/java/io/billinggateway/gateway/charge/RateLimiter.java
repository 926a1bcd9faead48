package io.billinggateway.gateway.charge;

import java.util.function.LongSupplier;

/**
 * Spaces out work to at most {@code rate} units per second, shared by every round of one network in this
 * process. {@link #reserve} books the units and says how long to wait before using them, so that waiting can
 * happen outside any lock and before any claim is taken.
 */
final class RateLimiter {
    private final double unitsPerSecond;
    private final LongSupplier nanoTime;
    private long nextFreeNanos;

    RateLimiter(double unitsPerSecond, LongSupplier nanoTime) {
        if (!(unitsPerSecond > 0)) {
            throw new IllegalArgumentException("a rate limit must be positive, got " + unitsPerSecond);
        }
        this.unitsPerSecond = unitsPerSecond;
        this.nanoTime = nanoTime;
        this.nextFreeNanos = nanoTime.getAsLong();
    }

    /** Books {@code units}; returns the nanoseconds to wait before using them (0 when they are free now). */
    synchronized long reserve(int units) {
        long now = nanoTime.getAsLong();
        long start = Math.max(now, nextFreeNanos);
        nextFreeNanos = start + (long) (units * 1_000_000_000L / unitsPerSecond);
        return start - now;
    }
}

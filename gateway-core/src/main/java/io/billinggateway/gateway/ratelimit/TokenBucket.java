package io.billinggateway.gateway.ratelimit;

import java.time.Duration;
import java.util.Optional;

/**
 * A token bucket of {@code capacity} tokens refilled by one token every {@code refillInterval}. The state is kept
 * as the one instant at which the bucket will be full again (the GCRA form of a token bucket): no floating point,
 * no background refill, one field to update under the lock.
 */
final class TokenBucket {
    private final long refillNanos;
    private final long capacityNanos;
    private long fullAt;

    /** A full bucket at {@code now} (nanoseconds of the owner's ticker). */
    TokenBucket(int capacity, long refillNanos, long now) {
        if (capacity < 1 || refillNanos < 1) {
            throw new IllegalArgumentException("a token bucket needs a capacity and a refill interval of at least 1, got " + capacity + " and " + refillNanos);
        }
        this.refillNanos = refillNanos;
        this.capacityNanos = Math.multiplyExact(capacity, refillNanos);
        this.fullAt = now;
    }

    /** Takes a token at {@code now}; when the bucket is empty, takes nothing and tells how long until a token is back. */
    synchronized Optional<Duration> take(long now) {
        long emptiedUntil = Math.max(fullAt, now) + refillNanos;
        long excess = emptiedUntil - now - capacityNanos;
        if (excess > 0) {
            return Optional.of(Duration.ofNanos(excess));
        }
        fullAt = emptiedUntil;
        return Optional.empty();
    }
}

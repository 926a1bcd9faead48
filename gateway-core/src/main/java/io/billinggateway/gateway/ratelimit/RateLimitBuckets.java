package io.billinggateway.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

import static java.util.Objects.requireNonNull;

/**
 * The buckets of one {@link RateLimit}, one per key (a user, a client address). At most {@code maximumKeys} are
 * tracked, so that an attacker who rotates addresses cannot grow the memory without bound; a bucket idle long
 * enough to be full again is dropped, since a new one would be the same. When more keys are active than tracked,
 * the least valuable are forgotten and start again full: the buckets err towards letting requests through.
 */
final class RateLimitBuckets {
    private final RateLimit limit;
    private final Ticker ticker;
    private final Cache<String, TokenBucket> buckets;

    RateLimitBuckets(RateLimit limit, int maximumKeys, Ticker ticker, Executor maintenance) {
        this.limit = requireNonNull(limit, "limit is null");
        this.ticker = requireNonNull(ticker, "ticker is null");
        if (maximumKeys < 1) {
            throw new IllegalArgumentException(RateLimit.PREFIX + "max-tracked-clients must be at least 1, got " + maximumKeys);
        }
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maximumKeys)
                .expireAfterAccess(limit.enabled() ? limit.refillTime() : Duration.ofMinutes(1))
                .ticker(ticker)
                .executor(maintenance)
                .build();
    }

    RateLimit limit() {
        return limit;
    }

    /** Takes a token of {@code key}'s bucket; empty when the request may go on, else how long until it may. */
    Optional<Duration> acquire(String key) {
        if (!limit.enabled()) {
            return Optional.empty();
        }
        long now = ticker.read();
        return buckets.get(key, ignored -> new TokenBucket(limit.burst(), limit.refillInterval().toNanos(), now)).take(now);
    }

    /** How many keys have a bucket now (after pending evictions). */
    long trackedKeys() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}

package io.billinggateway.gateway.overview;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Keeps each overview report for {@code billing.overview.cache-ttl} (60 s by default) per endpoint and query, so that a
 * dashboard polled by many operators costs one computation a minute. Per process: another gateway process computes its
 * own, and a figure may be up to the TTL old (docs/analytics.md). A TTL of 0 turns caching off.
 */
@Singleton
final class OverviewCache {
    /** Distinct queries kept; each entry is one small report. */
    static final int MAXIMUM_ENTRIES = 500;

    private final Cache<String, Object> reports;

    OverviewCache(@Value("${billing.overview.cache-ttl:60s}") Duration ttl) {
        this.reports = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(ttl.isZero() ? 0 : MAXIMUM_ENTRIES).build();
    }

    /** The report cached under {@code key}, or the one {@code compute} makes (then cached); concurrent callers of one key compute once. */
    @SuppressWarnings("unchecked")
    <T> T get(String key, Supplier<T> compute) {
        return (T) reports.get(key, ignored -> compute.get());
    }
}

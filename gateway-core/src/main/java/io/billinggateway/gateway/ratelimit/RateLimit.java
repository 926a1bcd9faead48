package io.billinggateway.gateway.ratelimit;

import io.micronaut.core.value.PropertyResolver;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * One configured limit: {@code billing.rate-limits.<name>.per-minute} requests per minute on average, of which
 * {@code burst} may come at once. A {@code per-minute} of 0 switches the limit off.
 *
 * @param name the configuration name ({@code checkout}, {@code anonymous}, {@code webhooks}); also the metric label
 * @param perMinute the sustained rate; 0 for no limit
 * @param burst how many requests an idle client may send at once
 */
record RateLimit(String name, int perMinute, int burst) {
    static final String PREFIX = "billing.rate-limits.";
    private static final int MAXIMUM_BURST = 1_000_000;

    RateLimit {
        requireNonNull(name, "name is null");
        if (perMinute < 0) {
            throw new IllegalArgumentException(PREFIX + name + ".per-minute must be 0 (no limit) or more, got " + perMinute);
        }
        if (perMinute > 0 && (burst < 1 || burst > MAXIMUM_BURST)) {
            throw new IllegalArgumentException(PREFIX + name + ".burst must be between 1 and " + MAXIMUM_BURST + ", got " + burst);
        }
    }

    /** The limit {@code name} as configured (application.yml has every default). */
    static RateLimit configured(PropertyResolver configuration, String name) {
        return new RateLimit(name,
                configuration.getRequiredProperty(PREFIX + name + ".per-minute", Integer.class),
                configuration.getRequiredProperty(PREFIX + name + ".burst", Integer.class));
    }

    boolean enabled() {
        return perMinute > 0;
    }

    /** The time one token takes to come back. */
    Duration refillInterval() {
        return Duration.ofMinutes(1).dividedBy(perMinute);
    }

    /** The time an emptied bucket takes to fill up; an idle client's bucket is full after this and can be forgotten. */
    Duration refillTime() {
        return refillInterval().multipliedBy(burst);
    }
}

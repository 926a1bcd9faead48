package io.billinggateway.gateway;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/**
 * A gateway whose own clock is off by {@code billing.testing.clock-offset} (e.g. {@code 10m}, {@code -10m}): a process
 * on a machine whose clock drifted, next to others on the same database.
 */
@Factory
@Requires(property = "billing.testing.clock-offset")
final class TestingClockFactory {
    @Singleton
    @Replaces(Clock.class)
    Clock clock(@Value("${billing.testing.clock-offset}") Duration offset) {
        return Clock.offset(Clock.systemUTC(), offset);
    }
}

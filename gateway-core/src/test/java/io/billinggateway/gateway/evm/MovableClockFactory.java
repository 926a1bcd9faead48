package io.billinggateway.gateway.evm;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Replaces the gateway's clock with a {@link MovableClock} in tests that set {@code billing.test.movable-clock=true}. */
@Factory
@Requires(property = "billing.test.movable-clock", value = "true")
final class MovableClockFactory {
    @Singleton
    @Replaces(Clock.class)
    Clock clock() {
        return new MovableClock();
    }
}

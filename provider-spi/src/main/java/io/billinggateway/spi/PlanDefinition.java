package io.billinggateway.spi;

import java.time.Duration;
import java.util.Optional;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/**
 * The terms of a plan on one network, as the gateway's catalog holds them.
 *
 * @param planId the gateway's stable id of the plan (the same on every network)
 * @param name a display name
 * @param price the price per period (or the one-time price) in an asset of the network
 * @param billingPeriod the subscription period; empty for a one-time product
 * @param version increases every time the terms change, so that a registration of new terms never
 *                reuses the consent given to old ones
 */
public record PlanDefinition(String planId, String name, Money price, Optional<Duration> billingPeriod, long version) {
    public PlanDefinition {
        requireText(planId, "planId");
        requireText(name, "name");
        requireNonNull(price, "price is null");
        requireNonNull(billingPeriod, "billingPeriod is null");
        billingPeriod.ifPresent(period -> {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("billing period must be positive, got " + period);
            }
        });
        if (version < 1) {
            throw new IllegalArgumentException("plan version starts at 1, got " + version);
        }
    }

    public boolean recurring() {
        return billingPeriod.isPresent();
    }
}

package io.billinggateway.gateway.plan;

import io.billinggateway.spi.PlanStatus;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A plan as the gateway's catalog holds it.
 *
 * @param billingPeriod empty for a one-time product
 * @param termsVersion increases whenever the price or period changes; registrations and subscriptions record
 *                     the version they were made for
 * @param rowVersion optimistic lock of the row
 */
@Serdeable
public record Plan(UUID id, String slug, String name, String description, Optional<BillingPeriod> billingPeriod, PlanStatus status,
                   long termsVersion, Instant createdAt, Instant updatedAt, long rowVersion) {
    public boolean recurring() {
        return billingPeriod.isPresent();
    }
}

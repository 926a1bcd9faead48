package io.billinggateway.gateway.staff;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/**
 * What a staff action did; the status history of the payment or subscription shows it as a transition.
 *
 * @param status the entity's status after the action
 * @param previousStatus the status before, where the action changed it
 * @param cancelAt when a cancellation at period end takes effect
 * @param providerCancel for a cancellation now: {@code cancelled} (the provider's operator cancel ran), {@code action_required} (it will
 *                       confirm later), {@code unsupported} (the provider has none: cancelled in the gateway only) or {@code not_needed}
 *                       (the provider never activated the subscription)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record StaffActionResult(String action, UUID id, String status, @Nullable String previousStatus, @Nullable Instant cancelAt,
                         @Nullable String providerCancel, @Nullable String message) {
}

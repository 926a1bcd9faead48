package io.billinggateway.gateway.billing;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/**
 * One transition of a payment or subscription as {@code billing_status_history} holds it.
 *
 * @param fromStatus null for the creation of the entity
 * @param version the entity's row version after the transition; a history reads in this order
 * @param actor a staff member's or subscriber's subject, or {@code system}
 * @param eventId the provider's event id when a provider event caused it
 */
@Serdeable
public record HistoryEntry(UUID id, String entityKind, UUID entityId, long version, String fromStatus, String toStatus, String cause, String actor,
                           String eventId, String reason, Instant at) {
}

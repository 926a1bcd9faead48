package io.billinggateway.gateway.billing;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Why a payment or subscription moved, as its status history records it: the kind of cause, who (a staff member's or
 * subscriber's subject, or {@code system}), the provider's event id when an event moved it, and a reason in words.
 *
 * @param actor never null: {@link #SYSTEM} for the gateway's own workers and provider events
 * @param eventId the provider's event id for {@link Kind#PROVIDER_EVENT}, else null
 * @param reason a staff member's stated reason, or null when the transition's own detail (a failure reason) says why
 */
public record Cause(Kind kind, String actor, String eventId, String reason) {
    public static final String SYSTEM = "system";

    /** Who or what moved the entity; stored in lower case. */
    public enum Kind {
        /** A webhook or polled event of the provider. */
        PROVIDER_EVENT,
        /** The charge worker's handling of a provider's charge outcome. */
        CHARGE,
        /** Starting a checkout, or the provider's refusal of one. */
        CHECKOUT,
        /** A refund the gateway asked the provider for. */
        REFUND,
        /** The subscriber (unsubscribe). */
        SUBSCRIBER,
        /** A staff action; {@code actor} and {@code reason} are set. */
        STAFF,
        /** {@code gateway billing-reconcile --fix}: the provider's record, read back, differed from ours. */
        RECONCILIATION;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Cause {
        requireNonNull(kind, "kind is null");
        requireNonNull(actor, "actor is null");
    }

    public static Cause providerEvent(String eventId) {
        return new Cause(Kind.PROVIDER_EVENT, SYSTEM, requireNonNull(eventId, "eventId is null"), null);
    }

    public static Cause system(Kind kind) {
        return new Cause(kind, SYSTEM, null, null);
    }

    public static Cause subscriber(String userId) {
        return new Cause(Kind.SUBSCRIBER, userId, null, null);
    }

    /** Reconciliation applying the provider's record; {@code actor} is whoever ran it ({@code system} for the CLI). */
    public static Cause reconciliation(String actor, String reason) {
        return new Cause(Kind.RECONCILIATION, actor, null, requireNonNull(reason, "reason is null"));
    }

    public static Cause staff(String subject, String reason) {
        return new Cause(Kind.STAFF, subject, null, requireNonNull(reason, "reason is null"));
    }
}

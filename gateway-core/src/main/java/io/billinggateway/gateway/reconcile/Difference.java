package io.billinggateway.gateway.reconcile;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * One way the ledger or a subscription differs from what the provider recorded: one row of the report.
 *
 * @param kind what differs, e.g. {@code payment-unconfirmed} (see {@link Kind})
 * @param entity the ledger or subscription id, or the provider's reference when we have no row
 * @param ours what the gateway has, e.g. {@code pending} or {@code missing}
 * @param provider what the provider recorded
 * @param action what {@code --fix} does about it (see {@link Action}); {@code review} means a person must look
 * @param fixed whether this run applied the action
 */
@Serdeable
public record Difference(String kind, String entity, String ours, String provider, String action, boolean fixed) {
    /** The kinds of difference, in the report as lower-case words joined by hyphens. */
    public enum Kind {
        /** The provider has the payment as paid; the ledger has it pending or failed. */
        PAYMENT_UNCONFIRMED,
        /** The provider has a payment for a checkout reference the ledger has no row for. */
        PAYMENT_MISSING,
        /** The ledger has a payment confirmed that the provider does not know. */
        PAYMENT_UNKNOWN_TO_PROVIDER,
        /** The provider charged a renewal the ledger has not booked. */
        RENEWAL_MISSING,
        /** The ledger booked a renewal the provider does not know. */
        RENEWAL_UNKNOWN_TO_PROVIDER,
        /** The subscription's status differs (the provider activated or cancelled it). */
        SUBSCRIPTION_STATUS,
        /** The subscription's next charge differs from the provider's. */
        NEXT_CHARGE;

        public String value() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What {@code --fix} does; every action but {@link #REVIEW} is a transition of the billing package. */
    public enum Action {
        CONFIRM, ACTIVATE, RENEW, CANCEL, FOLLOW_NEXT_CHARGE, REVIEW;

        public String value() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Difference {
        requireNonNull(kind, "kind is null");
        requireNonNull(entity, "entity is null");
        requireNonNull(ours, "ours is null");
        requireNonNull(provider, "provider is null");
        requireNonNull(action, "action is null");
    }

    static Difference of(Kind kind, Object entity, String ours, String provider, Action action) {
        return new Difference(kind.value(), String.valueOf(entity), ours, provider, action.value(), false);
    }

    Difference markFixed() {
        return new Difference(kind, entity, ours, provider, action, true);
    }
}

package io.billinggateway.spi;

import java.util.EnumSet;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * An optional ability of a provider. A factory declares the capabilities of its providers; an
 * operation that needs an undeclared capability fails with {@link ErrorCode#UNSUPPORTED}, and the
 * conformance kit checks both directions (a declared capability works, an undeclared one fails with
 * the standard error).
 *
 * <p>Some capabilities imply others: declaring {@link #PARTIAL_REFUND} declares {@link #REFUND}.
 * Use {@link #closure(Set)} to read a declaration with its implications.
 */
public enum Capability {
    /** {@link BillingProvider#checkout} accepts {@link CheckoutKind#ONE_TIME}. */
    ONE_TIME_PAYMENT,
    /** Subscriptions can be started by checkout and charged later without the payer's presence. */
    RECURRING_CHARGE,
    /** Several due subscriptions are charged in one provider call (one transaction on a chain). Implies {@link #RECURRING_CHARGE}. */
    BATCH_CHARGE,
    /** Completed payments can be refunded in full. */
    REFUND,
    /** Completed payments can be refunded in part, several times up to the captured amount. Implies {@link #REFUND}. */
    PARTIAL_REFUND,
    /** The provider pushes signed webhooks that {@link BillingProvider#parseWebhook} verifies. */
    WEBHOOKS,
    /** The gateway polls {@link BillingProvider#pollEvents} from a cursor (on-chain logs). */
    EVENT_POLLING,
    /** Plans are registered with an author's signature (EIP-712) that the provider returns. */
    PLAN_SIGNATURES,
    /** Checkout payloads can carry a token permit (EIP-2612) instead of a separate approval. */
    TOKEN_PERMIT,
    /**
     * Plans may bill calendar periods ({@link PlanDefinition#calendarPeriod()}: months or years) with day-of-month
     * anchoring ({@link RenewalSchedule#nextCalendarChargeAt}); the provider keeps that schedule and reports each next
     * charge in {@link ChargeOutcome.Charged#nextChargeAt()}. Without it, a network bills fixed durations only, and the
     * gateway refuses calendar plans on it.
     *
     * @since 1.2
     */
    CALENDAR_PERIODS;

    /** The capabilities this one implies, not including itself. */
    public Set<Capability> implied() {
        return switch (this) {
            case BATCH_CHARGE -> EnumSet.of(RECURRING_CHARGE);
            case PARTIAL_REFUND -> EnumSet.of(REFUND);
            default -> EnumSet.noneOf(Capability.class);
        };
    }

    /** The given capabilities plus everything they imply. */
    public static Set<Capability> closure(Set<Capability> declared) {
        requireNonNull(declared, "declared is null");
        EnumSet<Capability> result = EnumSet.noneOf(Capability.class);
        for (Capability capability : declared) {
            result.add(capability);
            result.addAll(capability.implied());
        }
        return Set.copyOf(result);
    }
}

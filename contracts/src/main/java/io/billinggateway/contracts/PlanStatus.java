package io.billinggateway.contracts;

/** A plan's status in the PlanManager, in the contract's enum order. */
public enum PlanStatus {
    /** No plan has this hash. */
    NONE,
    /** Accepts subscribers and renews. */
    ACTIVE,
    /** Retired by its author or an operator: no new subscribers, renewals skipped with {@link SkipReason#PLAN_INACTIVE}. */
    INACTIVE,
    /** Suspended by an operator or governor; only they can lift it. Charges are skipped like for INACTIVE. */
    FROZEN;

    static PlanStatus fromOrdinal(int ordinal) {
        return values()[ordinal];
    }
}

package io.billinggateway.contracts;

import java.math.BigInteger;
import java.time.Duration;

/** Events of the PlanManager, as decoded by {@link PlanManager#decode}. */
public sealed interface PlanEvent {

    EventLocation location();

    /** {@code PlanCreated}: a signed plan was published; it is Active. */
    record Created(
            EventLocation location, String planHash, String author, String merchant, String token,
            BigInteger price, Duration period, String uri) implements PlanEvent {}

    /** {@code PlanStatusChanged}, also emitted (from NONE to ACTIVE) when a plan is created. */
    record StatusChanged(EventLocation location, String planHash, PlanStatus previousStatus, PlanStatus status, String changedBy)
            implements PlanEvent {}

    /** {@code ActivePlanLimitChanged}. */
    record ActivePlanLimitChanged(EventLocation location, BigInteger previousLimit, BigInteger limit) implements PlanEvent {}
}

package io.billinggateway.spi;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/** Moves a registered plan to another status. Asking for the status the plan already has is a no-op, not an error. */
public record ChangePlanStatusRequest(String providerPlanRef, PlanStatus target) {
    public ChangePlanStatusRequest {
        requireText(providerPlanRef, "providerPlanRef");
        requireNonNull(target, "target is null");
    }
}

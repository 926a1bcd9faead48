package io.billinggateway.spi;

import java.util.Optional;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/** The result of {@link BillingProvider#changePlanStatus}: the plan's status now, and the transaction that changed it, if any. */
public record PlanStatusChange(String providerPlanRef, PlanStatus status, Optional<String> transactionRef) {
    public PlanStatusChange {
        requireText(providerPlanRef, "providerPlanRef");
        requireNonNull(status, "status is null");
        requireNonNull(transactionRef, "transactionRef is null");
    }
}

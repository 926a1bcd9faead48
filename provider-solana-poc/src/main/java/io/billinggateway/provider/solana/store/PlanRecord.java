package io.billinggateway.provider.solana.store;

import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanStatus;

import static java.util.Objects.requireNonNull;

/**
 * A plan registered on the network: a local price, since Solana Pay has no on-chain plans.
 *
 * @param providerPlanRef the reference handed to the gateway, derived from plan id and version
 */
public record PlanRecord(String providerPlanRef, String planId, long version, String name, Money price, PlanStatus status) {
    public PlanRecord {
        requireNonNull(providerPlanRef, "providerPlanRef is null");
        requireNonNull(planId, "planId is null");
        requireNonNull(name, "name is null");
        requireNonNull(price, "price is null");
        requireNonNull(status, "status is null");
    }

    public PlanRecord withStatus(PlanStatus newStatus) {
        return new PlanRecord(providerPlanRef, planId, version, name, price, newStatus);
    }
}

package io.billinggateway.spi;

import static java.util.Objects.requireNonNull;

/**
 * Asks a provider to make a plan purchasable on its network. Registering the same
 * {@linkplain PlanDefinition#planId() plan} and {@linkplain PlanDefinition#version() version} again
 * must return the same registration and create nothing new.
 */
public record RegisterPlanRequest(PlanDefinition plan) {
    public RegisterPlanRequest {
        requireNonNull(plan, "plan is null");
    }
}

package io.billinggateway.gateway.plan;

import io.billinggateway.gateway.input.StrictBodyDeserializer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

/** Binds the admin plans API's bodies strictly; unknown fields are rejected. */
@Factory
final class PlanRequestBinding {
    @Singleton
    Deserializer<PlanRequests.CreatePlan> createPlan() {
        return StrictBodyDeserializer.rejectingUnknownFields(PlanRequests.CreatePlan.class);
    }

    @Singleton
    Deserializer<PlanRequests.UpdatePlan> updatePlan() {
        return StrictBodyDeserializer.rejectingUnknownFields(PlanRequests.UpdatePlan.class);
    }
}

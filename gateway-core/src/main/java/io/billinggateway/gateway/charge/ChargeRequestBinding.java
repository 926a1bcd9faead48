package io.billinggateway.gateway.charge;

import io.billinggateway.gateway.input.StrictBodyDeserializer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

/** Binds the internal charge request strictly: {@code "dryRun": "yes"} or a misspelt field is a 400, never a real charge. */
@Factory
final class ChargeRequestBinding {
    @Singleton
    Deserializer<InternalChargeController.ChargeRequest> chargeRequest() {
        return StrictBodyDeserializer.rejectingUnknownFields(InternalChargeController.ChargeRequest.class);
    }
}

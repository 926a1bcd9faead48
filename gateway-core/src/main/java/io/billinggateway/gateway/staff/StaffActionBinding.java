package io.billinggateway.gateway.staff;

import io.billinggateway.gateway.input.StrictBodyDeserializer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

/** Binds the staff action bodies strictly: a field of the wrong JSON type or an unknown field is a 400. */
@Factory
final class StaffActionBinding {
    @Singleton
    Deserializer<StaffActionsController.CancelBody> cancelBody() {
        return StrictBodyDeserializer.rejectingUnknownFields(StaffActionsController.CancelBody.class);
    }

    @Singleton
    Deserializer<StaffActionsController.RetryBody> retryBody() {
        return StrictBodyDeserializer.rejectingUnknownFields(StaffActionsController.RetryBody.class);
    }

    @Singleton
    Deserializer<StaffActionsController.CorrectionBody> correctionBody() {
        return StrictBodyDeserializer.rejectingUnknownFields(StaffActionsController.CorrectionBody.class);
    }
}

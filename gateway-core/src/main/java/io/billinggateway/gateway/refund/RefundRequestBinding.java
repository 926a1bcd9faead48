package io.billinggateway.gateway.refund;

import io.billinggateway.gateway.input.StrictBodyDeserializer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

/** Binds the refund body strictly: {@code "amount": 100} (a number, not a string) or an unknown field is a 400. */
@Factory
final class RefundRequestBinding {
    @Singleton
    Deserializer<AdminRefundsController.RefundBody> refundBody() {
        return StrictBodyDeserializer.rejectingUnknownFields(AdminRefundsController.RefundBody.class);
    }
}

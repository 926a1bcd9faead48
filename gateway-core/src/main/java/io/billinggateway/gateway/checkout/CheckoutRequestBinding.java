package io.billinggateway.gateway.checkout;

import io.billinggateway.gateway.input.StrictBodyDeserializer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

/** Binds the public checkout bodies strictly; unknown fields are ignored so that clients may send newer ones. */
@Factory
final class CheckoutRequestBinding {
    @Singleton
    Deserializer<CheckoutBody> checkoutBody() {
        return StrictBodyDeserializer.ignoringUnknownFields(CheckoutBody.class);
    }

    @Singleton
    Deserializer<CheckoutController.UnsubscribeBody> unsubscribeBody() {
        return StrictBodyDeserializer.ignoringUnknownFields(CheckoutController.UnsubscribeBody.class);
    }
}

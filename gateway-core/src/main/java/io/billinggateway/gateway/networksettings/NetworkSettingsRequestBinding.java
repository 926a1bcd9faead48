package io.billinggateway.gateway.networksettings;

import io.billinggateway.gateway.input.StrictBodyDeserializer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

/** Binds the settings bodies strictly: a number where a string belongs, or an unknown field, is a 400 naming it. */
@Factory
final class NetworkSettingsRequestBinding {
    @Singleton
    Deserializer<NetworkSettingsController.ChangeBody> changeBody() {
        return StrictBodyDeserializer.rejectingUnknownFields(NetworkSettingsController.ChangeBody.class);
    }

    @Singleton
    Deserializer<NetworkSettingsController.TestBody> testBody() {
        return StrictBodyDeserializer.rejectingUnknownFields(NetworkSettingsController.TestBody.class);
    }
}

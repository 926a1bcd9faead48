package io.billinggateway.gateway.reconcile;

import io.billinggateway.gateway.input.StrictBodyDeserializer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

/** Binds the reconcile request strictly: {@code "fix": "yes"} or a misspelt field ({@code "fixx"}) is a 400, never a run that silently does not fix. */
@Factory
final class ReconcileRequestBinding {
    @Singleton
    Deserializer<InternalReconcileController.ReconcileRequest> reconcileRequest() {
        return StrictBodyDeserializer.rejectingUnknownFields(InternalReconcileController.ReconcileRequest.class);
    }
}

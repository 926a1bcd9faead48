package io.billinggateway.gateway.webhook;

import io.billinggateway.gateway.persistence.Json;
import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.Money;
import io.micronaut.serde.annotation.SerdeImport;
import jakarta.inject.Singleton;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Writes events to the inbox and reads them back, so that a deferred event can be applied later exactly as
 * it arrived. The stored type is the record's simple name ({@code PaymentConfirmed}).
 */
@Singleton
@SerdeImport(Money.class)
@SerdeImport(BillingEvent.PaymentConfirmed.class)
@SerdeImport(BillingEvent.PaymentFailed.class)
@SerdeImport(BillingEvent.PaymentRefunded.class)
@SerdeImport(BillingEvent.SubscriptionActivated.class)
@SerdeImport(BillingEvent.SubscriptionCharged.class)
@SerdeImport(BillingEvent.SubscriptionChargeSkipped.class)
@SerdeImport(BillingEvent.SubscriptionChargeFailed.class)
@SerdeImport(BillingEvent.SubscriptionCancelled.class)
@SerdeImport(BillingEvent.PlanStatusChanged.class)
final class StoredEvents {
    private static final List<Class<? extends BillingEvent>> TYPES = List.of(
            BillingEvent.PaymentConfirmed.class, BillingEvent.PaymentFailed.class, BillingEvent.PaymentRefunded.class,
            BillingEvent.SubscriptionActivated.class, BillingEvent.SubscriptionCharged.class, BillingEvent.SubscriptionChargeSkipped.class,
            BillingEvent.SubscriptionChargeFailed.class, BillingEvent.SubscriptionCancelled.class, BillingEvent.PlanStatusChanged.class);

    private final Json json;

    StoredEvents(Json json) {
        this.json = requireNonNull(json, "json is null");
    }

    static String type(BillingEvent event) {
        return event.getClass().getSimpleName();
    }

    String write(BillingEvent event) {
        return json.write(event);
    }

    BillingEvent read(String type, String payload) {
        Class<? extends BillingEvent> eventClass = TYPES.stream()
                .filter(candidate -> candidate.getSimpleName().equals(type))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown stored event type " + type));
        return json.read(payload, eventClass);
    }
}

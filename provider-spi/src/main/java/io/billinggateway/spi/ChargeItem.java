package io.billinggateway.spi;

import java.time.Instant;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/**
 * One due subscription period to charge.
 *
 * @param subscriptionRef the provider's id of the subscription (from {@link BillingEvent.SubscriptionActivated})
 * @param periodStart the start of the period being paid for; {@code (subscriptionRef, periodStart)} is the
 *                    idempotency key of the charge: a provider must never take money twice for it
 * @param amount the amount due
 */
public record ChargeItem(String subscriptionRef, Instant periodStart, Money amount) {
    public ChargeItem {
        requireText(subscriptionRef, "subscriptionRef");
        requireNonNull(periodStart, "periodStart is null");
        requireNonNull(amount, "amount is null");
    }
}

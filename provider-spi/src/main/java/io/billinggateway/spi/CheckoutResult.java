package io.billinggateway.spi;

import java.time.Instant;
import java.util.Optional;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/**
 * A started checkout.
 *
 * @param providerReference the provider's id of the checkout (session id, reference key); every later
 *                          event about this payment carries it, so the gateway can find its ledger entry
 * @param payload what the payer does next
 * @param expiresAt when the payload stops being usable, if it expires
 */
public record CheckoutResult(String providerReference, CheckoutPayload payload, Optional<Instant> expiresAt) {
    public CheckoutResult {
        requireText(providerReference, "providerReference");
        requireNonNull(payload, "payload is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }
}

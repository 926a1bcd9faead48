package io.billinggateway.gateway.checkout;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/**
 * A started payment.
 *
 * @param ledgerId the payment's id in the ledger; {@code GET /v1/billing/me/history} shows its status
 * @param subscriptionId for a subscription, its id
 * @param status {@code pending} until the network confirms
 * @param amount integer minor units of {@code token}, as a string
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckoutResponse(UUID ledgerId, UUID subscriptionId, String status, String plan, String network, String chainId, String providerId,
                               String token, String amount, PayloadView payload, Instant expiresAt) {
}

package io.billinggateway.spi;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/**
 * Starts a payment or a subscription. The provider answers with what the payer must do.
 *
 * @param checkoutId the gateway's id for this checkout (its ledger entry), stable across retries: a
 *                   provider must answer a repeated {@code checkoutId} with the same reference and an
 *                   equivalent payload instead of starting a second payment
 * @param kind one-time or subscription
 * @param customerId the gateway's id of the paying user; opaque to the provider
 * @param providerPlanRef the plan as registered on this network
 * @param amount what the payer pays now, in an asset of the network
 * @param payerAccount the payer's account on the network when known (a wallet address); empty for card payments
 * @param returnUrl where a hosted page sends the payer afterwards
 * @param metadata small string pairs the provider may attach to its own records (never secrets)
 */
public record CheckoutRequest(
        String checkoutId,
        CheckoutKind kind,
        String customerId,
        String providerPlanRef,
        Money amount,
        Optional<String> payerAccount,
        Optional<URI> returnUrl,
        Map<String, String> metadata) {
    public CheckoutRequest {
        requireText(checkoutId, "checkoutId");
        requireNonNull(kind, "kind is null");
        requireText(customerId, "customerId");
        requireText(providerPlanRef, "providerPlanRef");
        requireNonNull(amount, "amount is null");
        requireNonNull(payerAccount, "payerAccount is null");
        requireNonNull(returnUrl, "returnUrl is null");
        metadata = Map.copyOf(requireNonNull(metadata, "metadata is null"));
        if (amount.isZero()) {
            throw new IllegalArgumentException("checkout amount must be positive");
        }
    }
}

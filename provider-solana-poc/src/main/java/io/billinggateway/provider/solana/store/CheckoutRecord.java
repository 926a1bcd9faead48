package io.billinggateway.provider.solana.store;

import io.billinggateway.spi.Money;

import java.net.URI;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A started checkout whose reference the provider watches until a transfer settles it or it expires.
 *
 * @param reference the Solana Pay reference key, also the checkout's providerReference
 * @param uri the transfer request URL handed to the payer
 */
public record CheckoutRecord(String checkoutId, String reference, String providerPlanRef, Money amount, URI uri, Instant createdAt, Instant expiresAt) {
    public CheckoutRecord {
        requireNonNull(checkoutId, "checkoutId is null");
        requireNonNull(reference, "reference is null");
        requireNonNull(providerPlanRef, "providerPlanRef is null");
        requireNonNull(amount, "amount is null");
        requireNonNull(uri, "uri is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }
}

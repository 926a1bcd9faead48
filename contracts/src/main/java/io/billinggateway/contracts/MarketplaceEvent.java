package io.billinggateway.contracts;

import java.math.BigInteger;

/** Events of the Marketplace, as decoded by {@link Marketplace#decode}. */
public sealed interface MarketplaceEvent {

    EventLocation location();

    /** {@code ListingPurchased}: the item is sold; deliver it. {@code amount} was paid in {@code paymentToken}. */
    record Purchased(EventLocation location, String listingHash, String seller, String buyer, String itemId,
            String paymentToken, BigInteger amount, BigInteger fee) implements MarketplaceEvent {}

    /** {@code ListingRevoked} by its seller. */
    record Revoked(EventLocation location, String listingHash, String seller) implements MarketplaceEvent {}
}

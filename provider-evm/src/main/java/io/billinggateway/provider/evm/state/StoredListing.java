package io.billinggateway.provider.evm.state;

import java.math.BigInteger;

/** A Marketplace listing signed by the author key for one checkout; {@code expiry} is an epoch second. */
public record StoredListing(String seller, String token, BigInteger price, String itemId, BigInteger salt, long expiry, String signature) {
}

package io.billinggateway.gateway.overview;

import java.util.Comparator;

import static java.util.Objects.requireNonNull;

/**
 * What the ledger stores as an asset: a network and its token. Figures keep one amount per asset because amounts of
 * different assets (USD cents, wei, USDC on two chains) must never be added.
 */
record Asset(String network, String token) implements Comparable<Asset> {
    private static final Comparator<Asset> ORDER = Comparator.comparing(Asset::network).thenComparing(Asset::token);

    Asset {
        requireNonNull(network, "network is null");
        requireNonNull(token, "token is null");
    }

    @Override
    public int compareTo(Asset other) {
        return ORDER.compare(this, other);
    }
}

package io.billinggateway.gateway.overview;

import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The part of a subscription the figures need: when it was activated (its checkout payment's confirmation) and when it
 * ended (null while it runs). See docs/analytics.md (subscription lifecycle).
 */
record SubscriptionSpan(String userId, UUID planId, Asset asset, BigInteger amount, Long periodSeconds, Integer periodMonths, Instant activatedAt,
                        Instant endedAt) {
    SubscriptionSpan {
        requireNonNull(userId, "userId is null");
        requireNonNull(asset, "asset is null");
        requireNonNull(amount, "amount is null");
        requireNonNull(activatedAt, "activatedAt is null");
    }

    boolean activeAt(Instant instant) {
        return !activatedAt.isAfter(instant) && (endedAt == null || endedAt.isAfter(instant));
    }

    boolean activatedIn(ReportWindow window) {
        return window.contains(activatedAt);
    }

    boolean endedIn(ReportWindow window) {
        return window.contains(endedAt);
    }
}

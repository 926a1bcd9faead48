package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * A subscription as the SubscriptionManager stores it.
 *
 * @param nextChargeAt when the next period is due
 * @param retryAt when a scheduled retry may run, if one is scheduled
 * @param deposit the native coin left for renewals (always zero for ERC-20 plans)
 */
public record Subscription(
        BigInteger subscriptionId,
        String subscriber,
        String planHash,
        SubscriptionStatus status,
        Instant nextChargeAt,
        Optional<Instant> retryAt,
        int failedAttempts,
        BigInteger deposit) {

    public Subscription {
        requireNonNull(subscriptionId, "subscriptionId is null");
        subscriber = Hex.address(subscriber);
        planHash = Hex.bytes32(planHash);
        requireNonNull(status, "status is null");
        requireNonNull(nextChargeAt, "nextChargeAt is null");
        requireNonNull(retryAt, "retryAt is null");
        requireNonNull(deposit, "deposit is null");
    }
}

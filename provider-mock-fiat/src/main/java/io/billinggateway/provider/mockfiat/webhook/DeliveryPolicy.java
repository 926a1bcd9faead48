package io.billinggateway.provider.mockfiat.webhook;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How hard the PSP tries to deliver a webhook: attempt {@code n} (from 1) that fails is followed by attempt
 * {@code n + 1} after {@code firstRetryDelay * 2^(n-1)}, at most {@code longestRetryDelay}, until
 * {@code maxAttempts} attempts failed.
 *
 * @param requestTimeout how long one attempt may take; a slower receiver counts as failed
 */
public record DeliveryPolicy(int maxAttempts, Duration firstRetryDelay, Duration longestRetryDelay, Duration requestTimeout) {
    public DeliveryPolicy {
        requireNonNull(firstRetryDelay, "firstRetryDelay is null");
        requireNonNull(longestRetryDelay, "longestRetryDelay is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one delivery attempt is needed, got " + maxAttempts);
        }
        if (firstRetryDelay.isNegative() || firstRetryDelay.isZero() || longestRetryDelay.compareTo(firstRetryDelay) < 0) {
            throw new IllegalArgumentException("retry delays must be positive and the longest must not be shorter than the first");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive");
        }
    }

    /** The wait after failed attempt {@code attempt} (counting from 1). */
    public Duration delayAfter(int attempt) {
        Duration delay = firstRetryDelay;
        for (int doubling = 1; doubling < attempt && delay.compareTo(longestRetryDelay) < 0; doubling++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(longestRetryDelay) > 0 ? longestRetryDelay : delay;
    }
}

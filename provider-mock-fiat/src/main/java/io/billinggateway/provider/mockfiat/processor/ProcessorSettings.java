package io.billinggateway.provider.mockfiat.processor;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The PSP account's fixed terms.
 *
 * @param network the network's name, for messages
 * @param currency the only currency the account settles in (ISO 4217 code)
 * @param sessionTimeToLive how long a checkout session can be paid
 */
public record ProcessorSettings(String network, String currency, Duration sessionTimeToLive) {
    public ProcessorSettings {
        requireNonNull(network, "network is null");
        requireNonNull(currency, "currency is null");
        requireNonNull(sessionTimeToLive, "sessionTimeToLive is null");
        if (sessionTimeToLive.isNegative() || sessionTimeToLive.isZero()) {
            throw new IllegalArgumentException("session time to live must be positive, got " + sessionTimeToLive);
        }
    }
}

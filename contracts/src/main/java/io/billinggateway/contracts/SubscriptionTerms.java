package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.Duration;

/**
 * What a subscriber agreed to, copied from the plan at subscribe: renewals pay {@code merchant} at most
 * {@code price} of {@code token} every {@code period}, whatever the registry or the gateway say later.
 */
public record SubscriptionTerms(String merchant, String token, BigInteger price, Duration period) {

    public SubscriptionTerms {
        merchant = Hex.address(merchant);
        token = Hex.address(token);
        requireNonNull(price, "price is null");
        requireNonNull(period, "period is null");
    }
}

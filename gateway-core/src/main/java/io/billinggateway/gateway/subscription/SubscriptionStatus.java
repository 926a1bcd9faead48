package io.billinggateway.gateway.subscription;

import java.util.Locale;

/** The state of a subscription, stored in lower case. */
public enum SubscriptionStatus {
    PENDING, ACTIVE, PAST_DUE, CANCELLED, FAILED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SubscriptionStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean ended() {
        return this == CANCELLED || this == FAILED;
    }
}

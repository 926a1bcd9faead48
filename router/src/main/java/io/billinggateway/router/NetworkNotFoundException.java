package io.billinggateway.router;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;

import java.util.List;

/**
 * A request named a network, or a (providerId, chainId) pair, that no enabled network matches. The message
 * lists what is registered; {@link #registered()} gives the same list to programs.
 */
public final class NetworkNotFoundException extends BillingException {
    private final List<String> registered;

    NetworkNotFoundException(String asked, List<String> registered) {
        super(ErrorCode.NOT_FOUND, "no enabled network matches " + asked + "; registered networks: "
                + (registered.isEmpty() ? "(none)" : String.join(", ", registered)));
        this.registered = List.copyOf(registered);
    }

    /** The registered networks as {@code name (providerId, chainId)}. */
    public List<String> registered() {
        return registered;
    }
}

package io.billinggateway.router;

import java.util.Map;

/**
 * The values operators set at run time for a network's editable keys (kept by the host, e.g. in its database). They
 * win over configuration properties and environment variables, which stay the defaults.
 */
@FunctionalInterface
public interface NetworkOverrides {
    /** No overrides at all. */
    NetworkOverrides NONE = network -> Map.of();

    /** The overridden values of {@code network} by key name; empty when it has none. Never null. */
    Map<String, String> of(String network);
}

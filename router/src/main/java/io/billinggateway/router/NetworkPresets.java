package io.billinggateway.router;

import java.util.Map;
import java.util.Optional;

/**
 * Settings of well-known networks, so that enabling one needs only what is truly the operator's (RPC URLs,
 * keys, contract addresses). Every preset value can be overridden by configuration.
 */
public final class NetworkPresets {
    private static final Map<String, Map<String, String>> PRESETS = Map.of(
            "ethereum", Map.of("provider", "evm", "chain-id", "eip155:1", "confirmations", "12"),
            "bsc", Map.of("provider", "evm", "chain-id", "eip155:56", "confirmations", "15"),
            "polygon", Map.of("provider", "evm", "chain-id", "eip155:137", "confirmations", "64"),
            "fiat", Map.of("provider", "mock-fiat", "chain-id", "fiat:mock"));

    private NetworkPresets() {
    }

    public static Optional<Map<String, String>> forNetwork(String network) {
        return Optional.ofNullable(PRESETS.get(network));
    }

    public static java.util.SortedSet<String> names() {
        return new java.util.TreeSet<>(PRESETS.keySet());
    }
}

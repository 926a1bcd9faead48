package io.billinggateway.gateway.network;

import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.router.RouterConfigurationException;
import io.billinggateway.spi.ConfigKey;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Links to a block explorer's page of a transaction, from the optional per-network setting {@code explorer-url}: an
 * http(s) URL containing {@code {txHash}} ({@code https://basescan.org/tx/{txHash}}). Checked when the gateway starts.
 */
@Singleton
public final class ExplorerLinks {
    public static final String PLACEHOLDER = "{txHash}";
    static final ConfigKey EXPLORER_URL = ConfigKey.optional("explorer-url",
            "block explorer page of a transaction, an http(s) URL containing {txHash}, e.g. https://basescan.org/tx/{txHash}; staff see the link "
                    + "next to a payment's transaction");

    private final Map<String, String> templates;

    /** @throws RouterConfigurationException naming each network whose {@code explorer-url} is not an http(s) URL with {@code {txHash}} */
    public ExplorerLinks(ProviderRouter router) {
        requireNonNull(router, "router is null");
        Map<String, String> found = new HashMap<>();
        List<String> errors = new ArrayList<>();
        for (RoutedNetwork network : router.networks()) {
            String template = network.hostValues().get(EXPLORER_URL.name());
            if (template == null || template.isBlank()) {
                continue;
            }
            template = template.strip();
            if (valid(template)) {
                found.put(network.name(), template);
            }
            else {
                errors.add("billing.networks." + network.name() + ".explorer-url: must be an http(s) URL containing " + PLACEHOLDER + ", got '" + template + "'");
            }
        }
        if (!errors.isEmpty()) {
            throw new RouterConfigurationException(errors);
        }
        this.templates = Map.copyOf(found);
    }

    /** The explorer page of {@code txHash} on {@code network}; empty when the network has no explorer or there is no hash. */
    public Optional<String> transaction(String network, String txHash) {
        String template = templates.get(network);
        if (template == null || txHash == null || txHash.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(template.replace(PLACEHOLDER, URLEncoder.encode(txHash, StandardCharsets.UTF_8)));
    }

    private static boolean valid(String template) {
        if (!template.contains(PLACEHOLDER)) {
            return false;
        }
        try {
            URI uri = URI.create(template.replace(PLACEHOLDER, "0x0"));
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        }
        catch (IllegalArgumentException e) {
            return false;
        }
    }
}

package io.billinggateway.provider.evm.rpc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * One configured JSON-RPC endpoint. Hosted RPC URLs often carry an API key in the path, the query or the user
 * info, so the endpoint has two faces: {@link #url()} is used for requests only, {@link #displayName()} (scheme,
 * host and port) is what health, logs, metrics and messages show.
 *
 * @param index the endpoint's position in {@code rpc-urls}; 0 is the primary
 */
public record RpcEndpoint(int index, String url, String displayName) {
    public RpcEndpoint {
        requireNonNull(url, "url is null");
        requireNonNull(displayName, "displayName is null");
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
    }

    /**
     * @throws IllegalArgumentException naming the problem but not the URL's path, query or credentials
     */
    public static RpcEndpoint parse(int index, String url) {
        URI uri;
        try {
            uri = new URI(requireNonNull(url, "url is null").strip());
        }
        catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an http or https URL (WebSocket endpoints are not supported), got scheme '" + scheme + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("has no host");
        }
        String display = scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        return new RpcEndpoint(index, uri.toString(), display);
    }

    public boolean primary() {
        return index == 0;
    }

    /** Never the URL itself, which may hold an API key. */
    @Override
    public String toString() {
        return displayName + " (#" + (index + 1) + ")";
    }
}

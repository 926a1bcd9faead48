package io.billinggateway.gateway.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few JSON-RPC calls the sandbox makes to its own Anvil chains (code at an address, a balance), written by hand:
 * answers are single strings, and the sandbox needs no web3 client for them.
 */
final class JsonRpc {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern RESULT = Pattern.compile("\"result\"\\s*:\\s*(\"([^\"]*)\"|null|true|false)");

    private JsonRpc() {
    }

    /**
     * Calls {@code method} with {@code parameters} (a JSON array) and returns its string result ("" for null or a boolean).
     *
     * @throws IOException when the chain does not answer or answers an error
     */
    static String call(String url, String method, String parameters) throws IOException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + parameters + "}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            String answer = CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
            Matcher result = RESULT.matcher(answer);
            if (!result.find()) {
                throw new IOException(method + " answered " + answer);
            }
            return result.group(2) == null ? "" : result.group(2);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

package io.billinggateway.gateway.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The sandbox's demo plans, created through the admin API as an operator would (which registers them on every chain):
 * a monthly plan priced on every network and a one-time product, the one the buyer script buys. Plans already in the
 * catalog (a second run) are left as they are.
 */
final class DemoCatalog {
    static final String SUBSCRIPTION = "sandbox-pro";
    static final String PRODUCT = "sandbox-starter-pack";
    /** 0.001 of the chains' native coins (18 decimals). */
    private static final String CHAIN_PRICE = "1000000000000000";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DemoCatalog() {
    }

    /** @return how many plans were created (0 on a second run) */
    static int seed(String gatewayUrl, String adminToken) throws IOException, SandboxException {
        int created = 0;
        created += create(gatewayUrl, adminToken, SUBSCRIPTION, "{\"slug\": \"" + SUBSCRIPTION
                + "\", \"name\": \"Sandbox Pro\", \"billingPeriod\": \"P30D\", \"prices\": " + prices("1999") + "}");
        created += create(gatewayUrl, adminToken, PRODUCT, "{\"slug\": \"" + PRODUCT
                + "\", \"name\": \"Sandbox starter pack\", \"prices\": " + prices("500") + "}");
        return created;
    }

    private static String prices(String cents) {
        return "[{\"network\": \"fiat\", \"asset\": \"USD\", \"amount\": \"" + cents + "\"},"
                + " {\"network\": \"ethereum\", \"asset\": \"ETH\", \"amount\": \"" + CHAIN_PRICE + "\"},"
                + " {\"network\": \"bsc\", \"asset\": \"BNB\", \"amount\": \"" + CHAIN_PRICE + "\"},"
                + " {\"network\": \"polygon\", \"asset\": \"POL\", \"amount\": \"" + CHAIN_PRICE + "\"}]";
    }

    private static int create(String gatewayUrl, String adminToken, String slug, String body) throws IOException, SandboxException {
        HttpResponse<String> existing = send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/billing/plans/" + slug)).GET());
        if (existing.statusCode() == 200) {
            return 0;
        }
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/billing/admin/plans"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (created.statusCode() != 201) {
            throw new SandboxException("creating the demo plan " + slug + " answered " + created.statusCode() + ": " + created.body());
        }
        return 1;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

package io.billinggateway.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Acts as a payer on the mock PSP's hosted checkout page, through its form endpoints. */
public final class MockFiatPayer {
    public static final String SUCCESS_CARD = "4242424242424242";
    public static final String DECLINED_CARD = "4000000000000002";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MockFiatPayer() {
    }

    /** Pays with the card; returns the PSP's HTTP status. */
    public static int pay(String checkoutUrl, String card) {
        return post(URI.create(checkoutUrl + "/pay"), "card=" + URLEncoder.encode(card, StandardCharsets.UTF_8));
    }

    public static int decline(String checkoutUrl) {
        return post(URI.create(checkoutUrl + "/decline"), "");
    }

    private static int post(URI uri, String form) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

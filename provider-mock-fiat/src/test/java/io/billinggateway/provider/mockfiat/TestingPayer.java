package io.billinggateway.provider.mockfiat;

import io.billinggateway.provider.mockfiat.json.Json;
import io.billinggateway.provider.mockfiat.json.JsonObject;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A payer's browser, or a script using the hosted pages' JSON test API. */
final class TestingPayer implements AutoCloseable {
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** An answer of the hosted pages. */
    record Answer(int status, String body, Optional<String> location) {
        JsonObject json() {
            return Json.parseObject(body);
        }
    }

    static URI pageOf(CheckoutResult checkout) {
        assertThat(checkout.payload()).isInstanceOf(CheckoutPayload.Redirect.class);
        return ((CheckoutPayload.Redirect) checkout.payload()).url();
    }

    Answer pay(CheckoutResult checkout) {
        return post(URI.create(pageOf(checkout) + "/pay"), "", true);
    }

    Answer payWithCard(CheckoutResult checkout, String number) {
        return post(URI.create(pageOf(checkout) + "/pay"), "card=" + URLEncoder.encode(number, StandardCharsets.UTF_8), true);
    }

    Answer payWithToken(CheckoutResult checkout, String token) {
        return post(URI.create(pageOf(checkout) + "/pay"), "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), true);
    }

    Answer decline(CheckoutResult checkout) {
        return post(URI.create(pageOf(checkout) + "/decline"), "", true);
    }

    Answer get(URI url, boolean json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET();
        if (json) {
            request.header("Accept", "application/json");
        }
        return send(request.build());
    }

    Answer post(URI url, String form, boolean json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        request.header("Accept", json ? "application/json" : "text/html");
        return send(request.build());
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Location"));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}

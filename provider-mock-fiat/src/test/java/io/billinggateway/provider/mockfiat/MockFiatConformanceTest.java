package io.billinggateway.provider.mockfiat;

import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.ChainId;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.tck.BaseBillingProviderConformanceTest;
import io.billinggateway.tck.ConformanceEnvironment;
import io.billinggateway.tck.ConformanceNetwork;
import io.billinggateway.tck.PayerAction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance kit against the mock PSP, configured as an operator would: a webhook secret given as a
 * secret reference, everything else at its defaults except a quick first webhook retry. The payer is a script
 * using the hosted page's test API: it pays with the success card or presses Decline.
 */
class MockFiatConformanceTest extends BaseBillingProviderConformanceTest {
    private static final String WEBHOOK_SECRET = "whsec_dGNrLWNvbmZvcm1hbmNlLXNlY3JldC0wMTIzNDU2Nzg5YWI=";
    private static final String SUCCESS_CARD = "4242424242424242";

    @Override
    protected BillingProviderFactory createFactory() {
        return new MockFiatBillingProviderFactory();
    }

    @Override
    protected ConformanceNetwork network(ConformanceEnvironment environment) {
        return new ConformanceNetwork("fiat", ChainId.parse("fiat:mock"), Map.of("webhook-retry-delay", "100ms"), Map.of("webhook-secret", WEBHOOK_SECRET));
    }

    /** The mock PSP's data directory is the PSP itself (its books), which every instance of a network shares like gateway processes do. */
    @Override
    protected Optional<Path> dataDirectoryWithoutLocalState(ConformanceEnvironment environment) {
        return Optional.of(environment.dataDirectory());
    }

    @Override
    protected void actAsPayer(CheckoutResult checkout, PayerAction action, ConformanceEnvironment environment) {
        assertThat(checkout.payload()).as("the mock PSP sends payers to its hosted page").isInstanceOf(CheckoutPayload.Redirect.class);
        URI page = ((CheckoutPayload.Redirect) checkout.payload()).url();
        URI target = URI.create(page + (action == PayerAction.PAY ? "/pay" : "/decline"));
        String form = action == PayerAction.PAY ? "card=" + SUCCESS_CARD : "";
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("the hosted page's answer to " + action + ": " + response.body())
                    .isEqualTo(action == PayerAction.PAY ? 200 : 402);
        }
        catch (IOException e) {
            throw new UncheckedIOException("the payer could not reach the hosted page " + target, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while paying", e);
        }
    }
}

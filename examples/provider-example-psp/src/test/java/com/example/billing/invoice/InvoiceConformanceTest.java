package com.example.billing.invoice;

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
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The conformance kit against the invoice PSP; the payer presses Pay or Decline on the hosted page. */
class InvoiceConformanceTest extends BaseBillingProviderConformanceTest {
    static final String WEBHOOK_SECRET = "whsec_ZXhhbXBsZS1pbnZvaWNlLXBzcC1zZWNyZXQtMDEyMzQ1";

    @Override
    protected BillingProviderFactory createFactory() {
        return new InvoiceBillingProviderFactory();
    }

    @Override
    protected ConformanceNetwork network(ConformanceEnvironment environment) {
        return new ConformanceNetwork("invoices", ChainId.parse("invoice:sandbox"), Map.of("currency", "EUR"), Map.of("webhook-secret", WEBHOOK_SECRET));
    }

    @Override
    protected void actAsPayer(CheckoutResult checkout, PayerAction action, ConformanceEnvironment environment) {
        assertThat(checkout.payload()).as("the invoice PSP sends payers to its hosted page").isInstanceOf(CheckoutPayload.Redirect.class);
        URI page = ((CheckoutPayload.Redirect) checkout.payload()).url();
        URI button = URI.create(page + (action == PayerAction.PAY ? "/pay" : "/decline"));
        HttpRequest request = HttpRequest.newBuilder(button).timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("the hosted page's answer to " + action + ": " + response.body()).isEqualTo(200);
        }
        catch (IOException e) {
            throw new UncheckedIOException("the payer could not reach the hosted page " + button, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while paying", e);
        }
    }
}

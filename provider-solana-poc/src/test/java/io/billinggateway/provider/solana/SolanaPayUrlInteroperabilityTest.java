package io.billinggateway.provider.solana;

import io.billinggateway.provider.solana.json.Json;
import io.billinggateway.provider.solana.json.JsonObject;
import io.billinggateway.provider.solana.pay.ReferenceKeys;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutPayload;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.CheckoutResult;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanDefinition;
import io.billinggateway.spi.RegisterPlanRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider's transfer request URLs read by an independent implementation: Solana Pay's own {@code parseURL}
 * (npm {@code @solana/pay}), run in Node. Every field must come back as the provider meant it.
 */
class SolanaPayUrlInteroperabilityTest {
    private static final String RECIPIENT = ReferenceKeys.random(new SecureRandom());
    private static final String MINT = ReferenceKeys.random(new SecureRandom());

    @TempDir
    Path dataDirectory;

    @Test
    void solCheckoutRoundTripsThroughSolanaPay() {
        try (BillingProvider provider = provider(Map.of("label", "Billing & Co — Café"))) {
            CheckoutResult checkout = checkout(provider, "pro-report", "Pro report: 1 month (incl. 20% VAT)", Money.of(1_999, "SOL"), "ledger-7f3a");

            JsonObject parsed = parse(uri(checkout)).getFirst();

            assertThat(parsed.has("error")).as(String.valueOf(parsed.get("error"))).isFalse();
            assertThat(parsed.string("recipient")).isEqualTo(RECIPIENT);
            assertThat(parsed.string("amount")).isEqualTo("0.000001999");
            assertThat(parsed.has("splToken")).isFalse();
            assertThat(parsed.array("reference")).containsExactly(checkout.providerReference());
            assertThat(parsed.string("label")).isEqualTo("Billing & Co — Café");
            assertThat(parsed.string("message")).isEqualTo("Pro report: 1 month (incl. 20% VAT)");
            assertThat(parsed.string("memo")).isEqualTo("ledger-7f3a");
        }
    }

    @Test
    void tokenCheckoutRoundTripsThroughSolanaPay() {
        try (BillingProvider provider = provider(Map.of())) {
            CheckoutResult checkout = checkout(provider, "ebook", "E-book", Money.of(12_500_000, "USDC"), "ledger-1");

            JsonObject parsed = parse(uri(checkout)).getFirst();

            assertThat(parsed.string("recipient")).isEqualTo(RECIPIENT);
            assertThat(parsed.string("amount")).isEqualTo("12.5");
            assertThat(parsed.string("splToken")).isEqualTo(MINT);
            assertThat(parsed.array("reference")).containsExactly(checkout.providerReference());
            assertThat(parsed.has("label")).as("no label configured, none in the URL").isFalse();
            assertThat(parsed.string("message")).isEqualTo("E-book");
            assertThat(parsed.string("memo")).isEqualTo("ledger-1");
        }
    }

    @Test
    void wholeAndTinyAmountsAreExactDecimals() {
        try (BillingProvider provider = provider(Map.of())) {
            List<URI> uris = List.of(
                    uri(checkout(provider, "one-sol", "One SOL", Money.of(1_000_000_000, "SOL"), "a")),
                    uri(checkout(provider, "one-lamport", "One lamport", Money.of(1, "SOL"), "b")),
                    uri(checkout(provider, "ten-usdc", "Ten USDC", Money.of(10_000_000, "USDC"), "c")),
                    uri(checkout(provider, "large", "Large", Money.of(123_456_789_012_345_678L, "SOL"), "d")));

            assertThat(parse(uris.toArray(URI[]::new))).extracting(parsed -> parsed.string("amount"))
                    .containsExactly("1", "0.000000001", "10", "123456789.012345678");
        }
    }

    private BillingProvider provider(Map<String, String> extra) {
        return TestingProviders.create(dataDirectory, URI.create("http://127.0.0.1:9"), RECIPIENT, Optional.of(MINT), extra);
    }

    private static CheckoutResult checkout(BillingProvider provider, String planId, String name, Money price, String checkoutId) {
        String planRef = provider.registerPlan(new RegisterPlanRequest(new PlanDefinition(planId, name, price, Optional.<Duration>empty(), 1))).providerPlanRef();
        return provider.checkout(new CheckoutRequest(checkoutId, CheckoutKind.ONE_TIME, "customer-1", planRef, price, Optional.empty(), Optional.empty(), Map.of()));
    }

    private static URI uri(CheckoutResult checkout) {
        return ((CheckoutPayload.PaymentRequestUri) checkout.payload()).uri();
    }

    private static List<JsonObject> parse(URI... uris) {
        String[] command = new String[uris.length + 2];
        command[0] = "node";
        command[1] = "parse-url.mjs";
        for (int index = 0; index < uris.length; index++) {
            command[index + 2] = uris[index].toString();
        }
        String output = TestingNodeProject.run(TestingNodeProject.directory(), Duration.ofSeconds(60), command);
        return output.lines().filter(line -> line.startsWith("{")).map(Json::parseObject).toList();
    }
}

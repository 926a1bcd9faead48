package io.billinggateway.provider.solana;

import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.ProviderMetrics;
import io.billinggateway.spi.Secret;
import io.billinggateway.tck.TestingProviderContext;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Providers of the network {@value #NETWORK} (devnet's chain id) made by the factory, as the gateway makes them. */
final class TestingProviders {
    static final String NETWORK = "solana-devnet";
    static final String TOKEN_CODE = "USDC";
    static final int TOKEN_DECIMALS = 6;

    private TestingProviders() {
    }

    /** A provider paid to {@code recipient}, offering SOL and, when a mint is given, USDC (6 decimals) of that mint. */
    static BillingProvider create(Path dataDirectory, URI rpcUrl, String recipient, Optional<String> mint, Map<String, String> extra) {
        return create(dataDirectory, Clock.systemUTC(), values(rpcUrl, recipient, mint, extra), Map.of());
    }

    static Map<String, String> values(URI rpcUrl, String recipient, Optional<String> mint, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>();
        values.put("rpc-url", rpcUrl.toString());
        values.put("recipient", recipient);
        mint.ifPresent(address -> {
            values.put("spl-token-mint", address);
            values.put("spl-token-code", TOKEN_CODE);
            values.put("spl-token-decimals", Integer.toString(TOKEN_DECIMALS));
        });
        values.putAll(extra);
        return values;
    }

    static BillingProvider create(Path dataDirectory, Clock clock, Map<String, String> values, Map<String, Secret> secrets) {
        return new SolanaBillingProviderFactory().create(config(values, secrets), context(dataDirectory, clock, ProviderMetrics.noop()));
    }

    static NetworkConfig config(Map<String, String> values, Map<String, Secret> secrets) {
        return new NetworkConfig(NETWORK, TestingSolanaChain.DEVNET, values, secrets);
    }

    static TestingProviderContext context(Path dataDirectory, Clock clock, ProviderMetrics metrics) {
        return new TestingProviderContext(clock, reference -> {
            throw new UnsupportedOperationException("no secrets are resolved at run time");
        }, metrics, "billing.provider.solana-poc." + NETWORK, URI.create("http://127.0.0.1:9/webhooks"), dataDirectory);
    }
}

package io.billinggateway.router;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.CheckoutKind;
import io.billinggateway.spi.CheckoutRequest;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.ProviderMetrics;
import io.billinggateway.spi.SecretResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderRouterTest {
    private static final String API_KEY = "sk_test_0123456789";

    @TempDir
    Path temporary;

    @Test
    void resolvesByNameAndByProviderAndChainIncludingBareEvmNumbers() {
        try (ProviderRouter router = start(Map.of("BILLING_NETWORKS", "alpha,beta"),
                merge(network("alpha", "fiat:alpha"), network("beta", "eip155:56")))) {
            assertThat(router.networks()).extracting(RoutedNetwork::name).containsExactly("alpha", "beta");
            assertThat(router.resolve("beta").chainId()).hasToString("eip155:56");
            assertThat(router.resolve("testing", "56").name()).isEqualTo("beta");
            assertThat(router.resolve("testing", "eip155:56").name()).isEqualTo("beta");
            assertThat(router.resolveByChain("fiat:alpha").name()).isEqualTo("alpha");
            assertThat(router.resolve("alpha").describe().providerId()).isEqualTo("testing");
        }
    }

    @Test
    void unknownNetworkIsATypedErrorListingWhatIsRegistered() {
        try (ProviderRouter router = start(Map.of("BILLING_NETWORKS", "alpha,beta"),
                merge(network("alpha", "fiat:alpha"), network("beta", "eip155:56")))) {
            assertThatThrownBy(() -> router.resolve("gamma"))
                    .isInstanceOfSatisfying(NetworkNotFoundException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                        assertThat(e.registered()).containsExactly("alpha (testing, fiat:alpha)", "beta (testing, eip155:56)");
                    })
                    .hasMessage("no enabled network matches network 'gamma'; registered networks: alpha (testing, fiat:alpha), beta (testing, eip155:56)");
            assertThatThrownBy(() -> router.resolve("evm", "137"))
                    .isInstanceOf(NetworkNotFoundException.class)
                    .hasMessageStartingWith("no enabled network matches provider 'evm' on chain eip155:137; registered networks: alpha");
            assertThatThrownBy(() -> router.resolve("testing", "not a chain"))
                    .isInstanceOf(NetworkNotFoundException.class)
                    .hasMessageContaining("chain id must be CAIP-2");
        }
    }

    @Test
    void secretsAreMaskedInProviderErrorsAndHealth() {
        try (ProviderRouter router = start(Map.of("BILLING_NETWORKS", "alpha"), network("alpha", "fiat:alpha"))) {
            RoutedNetwork alpha = router.resolve("alpha");

            assertThatThrownBy(() -> alpha.provider().checkout(checkout()))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYMENT_DECLINED))
                    .hasMessage("declined for key ****");
            HealthReport health = alpha.provider().health();
            assertThat(health.details()).containsEntry("echo", "****");
        }
    }

    @Test
    void runtimeExceptionsOfAProviderBecomeInternalErrorsNamingNetworkAndOperation() {
        Map<String, String> properties = new HashMap<>(network("alpha", "fiat:alpha"));
        properties.put("billing.networks.alpha.fail-with", "runtime");
        try (ProviderRouter router = start(Map.of("BILLING_NETWORKS", "alpha"), properties)) {
            assertThatThrownBy(() -> router.resolve("alpha").provider().checkout(checkout()))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                    .hasMessage("provider 'testing' on network 'alpha' failed in checkout: IllegalStateException: connection refused by ****");
        }
    }

    @Test
    void providerCallsRunWithThePluginsContextClassLoader() {
        try (ProviderRouter router = start(Map.of("BILLING_NETWORKS", "alpha"), network("alpha", "fiat:alpha"))) {
            RoutedNetwork alpha = router.resolve("alpha");
            ClassLoader outside = new ClassLoader(null) { };
            Thread.currentThread().setContextClassLoader(outside);
            try {
                alpha.provider().describe();
                var provider = (TestingBillingProviderFactory.TestingBillingProvider) ((IsolatedBillingProvider) ((SwappableBillingProvider) alpha.provider()).current()).delegate();
                assertThat(provider.contextClassLoaderSeen).isSameAs(ProviderRouterTest.class.getClassLoader());
                assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(outside);
            }
            finally {
                Thread.currentThread().setContextClassLoader(ProviderRouterTest.class.getClassLoader());
            }
        }
    }

    @Test
    void providerClaimingAnUndeclaredCapabilityStopsStartup() {
        Map<String, String> properties = new HashMap<>(network("alpha", "fiat:alpha"));
        properties.put("billing.networks.alpha.claim", "TOKEN_PERMIT");
        assertThatThrownBy(() -> start(Map.of("BILLING_NETWORKS", "alpha"), properties))
                .isInstanceOf(RouterConfigurationException.class)
                .hasMessage("network 'alpha' (provider 'testing', classpath): describe() claims capabilities [TOKEN_PERMIT] that the factory does not declare");
    }

    private ProviderRouter start(Map<String, String> environment, Map<String, String> properties) {
        Map<String, String> fullEnvironment = new HashMap<>(environment);
        fullEnvironment.put("TESTING_KEY", API_KEY);
        return ProviderRouter.start(new ProviderRouter.Settings(temporary.resolve("plugins"), properties, fullEnvironment, List.of(),
                ProviderRouterTest.class.getClassLoader(), this::context));
    }

    private static Map<String, String> network(String name, String chainId) {
        Map<String, String> properties = new HashMap<>();
        properties.put("billing.networks." + name + ".provider", "testing");
        properties.put("billing.networks." + name + ".chain-id", chainId);
        properties.put("billing.networks." + name + ".api-key", "env:TESTING_KEY");
        return properties;
    }

    private static Map<String, String> merge(Map<String, String> first, Map<String, String> second) {
        Map<String, String> properties = new HashMap<>(first);
        properties.putAll(second);
        return properties;
    }

    private ProviderContext context(String network, String providerId, Map<String, String> hostValues, SecretResolver secrets) {
        Path data = temporary.resolve("data").resolve(network);
        return new ProviderContext() {
            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public SecretResolver secrets() {
                return secrets;
            }

            @Override
            public ProviderMetrics metrics() {
                return ProviderMetrics.noop();
            }

            @Override
            public String loggerName() {
                return "billing.provider." + providerId + "." + network;
            }

            @Override
            public URI webhookUrl() {
                return URI.create("http://localhost/v1/billing/networks/" + network + "/webhook");
            }

            @Override
            public Path dataDirectory() {
                return data;
            }
        };
    }

    private static CheckoutRequest checkout() {
        return new CheckoutRequest("checkout-1", CheckoutKind.ONE_TIME, "user-1", "plan-1", Money.of(100, "TST"), Optional.empty(), Optional.empty(), Map.of());
    }
}

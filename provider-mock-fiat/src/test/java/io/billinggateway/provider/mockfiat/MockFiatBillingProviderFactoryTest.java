package io.billinggateway.provider.mockfiat;

import io.billinggateway.spi.Asset;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.spi.PollEventsRequest;
import io.billinggateway.spi.Secret;
import io.billinggateway.spi.SpiVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MockFiatBillingProviderFactoryTest {
    private final MockFiatBillingProviderFactory factory = new MockFiatBillingProviderFactory();

    @TempDir
    Path dataDirectory;

    @Test
    void serviceLoaderFindsTheFactory() {
        assertThat(ServiceLoader.load(BillingProviderFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(MockFiatBillingProviderFactory.class);
    }

    @Test
    void declaresItsIdentityAndCapabilities() {
        assertThat(factory.providerId()).isEqualTo("mock-fiat");
        assertThat(factory.spiVersion()).isEqualTo(SpiVersion.CURRENT);
        assertThat(factory.capabilities()).containsExactlyInAnyOrder(
                Capability.ONE_TIME_PAYMENT, Capability.RECURRING_CHARGE, Capability.CALENDAR_PERIODS, Capability.REFUND, Capability.PARTIAL_REFUND,
                Capability.WEBHOOKS);
    }

    @Test
    void declaresEveryConfigurationKeyWithItsDefault() {
        assertThat(factory.configKeys()).extracting(ConfigKey::name).containsExactly(
                "currency", "decimals", "listen-host", "listen-port", "public-base-url", "webhook-url", "webhook-secret",
                "webhook-tolerance", "max-batch-size", "session-ttl", "webhook-max-attempts", "webhook-retry-delay");
        assertThat(factory.configKeys()).noneMatch(ConfigKey::required);
        assertThat(factory.configKeys()).filteredOn(ConfigKey::secret).extracting(ConfigKey::name).containsExactly("webhook-secret");
        Map<String, Optional<String>> defaults = factory.configKeys().stream()
                .collect(java.util.stream.Collectors.toMap(ConfigKey::name, ConfigKey::defaultValue));
        assertThat(defaults).containsEntry("currency", Optional.of("USD"))
                .containsEntry("decimals", Optional.of("2"))
                .containsEntry("listen-host", Optional.of("127.0.0.1"))
                .containsEntry("listen-port", Optional.of("0"))
                .containsEntry("public-base-url", Optional.empty())
                .containsEntry("webhook-url", Optional.empty())
                .containsEntry("webhook-tolerance", Optional.of("5m"))
                .containsEntry("max-batch-size", Optional.of("100"))
                .containsEntry("session-ttl", Optional.of("24h"));
    }

    @Test
    void describesTheNetworkFromMemory() throws IOException {
        try (TestingMockFiat fiat = TestingMockFiat.start(dataDirectory)) {
            NetworkDescription description = fiat.provider().describe();

            assertThat(description).isEqualTo(new NetworkDescription("fiat", "mock-fiat", TestingMockFiat.CHAIN,
                    List.of(Asset.nativeAsset("USD", 2)), factory.capabilities(), 0, 100));
            assertThat(description.supports(Capability.BATCH_CHARGE)).as("cards are charged one at a time").isFalse();
            assertThat(fiat.provider().describe()).isSameAs(description);
        }
    }

    @Test
    void currencyAndDecimalsAreConfigurable() throws IOException {
        try (TestingMockFiat fiat = TestingMockFiat.start(dataDirectory, Map.of("currency", "JPY", "decimals", "0", "max-batch-size", "7"))) {
            NetworkDescription description = fiat.provider().describe();

            assertThat(description.assets()).containsExactly(Asset.nativeAsset("JPY", 0));
            assertThat(description.maxBatchSize()).isEqualTo(7);
        }
    }

    @Test
    void undeclaredOperationsFailWithTheStandardError() throws IOException {
        try (TestingMockFiat fiat = TestingMockFiat.start(dataDirectory)) {
            assertThatThrownBy(() -> fiat.provider().pollEvents(new PollEventsRequest(Optional.empty(), 10)))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED))
                    .hasMessageContaining("EVENT_POLLING");
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "currency|usd|ISO 4217",
            "currency|US Dollar|ISO 4217",
            "decimals|two|must be an integer",
            "decimals|9|between 0 and 8",
            "listen-port|70000|between 0 and 65535",
            "listen-port|-1|between 0 and 65535",
            "public-base-url|ftp://pay.example.com|http or https",
            "public-base-url|pay.example.com|http or https",
            "public-base-url|https://pay.example.com/?x=1|query",
            "webhook-url|/webhooks/fiat|http or https",
            "webhook-url|http://exa mple.com/|http or https",
            "webhook-tolerance|5 minutes|must be a duration",
            "webhook-tolerance|0s|positive",
            "max-batch-size|0|between 1",
            "session-ttl|-1h|positive",
            "webhook-max-attempts|0|between 1",
            "webhook-retry-delay|2h|must not exceed",
    })
    void unusableValueIsRefusedNamingTheKey(String key, String value, String problem) {
        NetworkConfig config = new NetworkConfig("fiat", TestingMockFiat.CHAIN, Map.of(key, value), Map.of());

        assertThatThrownBy(() -> factory.create(config, context()))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
                .hasMessageContaining("billing.networks.fiat." + key)
                .hasMessageContaining(problem);
    }

    @ParameterizedTest
    @CsvSource({
            "sk_live_51HypotheticalValue0000000000000000, does not start with whsec_",
            "whsec_not*base64*at*all, not valid base64",
            "whsec_c2hvcnQ=, encodes 5",
    })
    void malformedWebhookSecretIsRefusedWithoutShowingIt(String value, String problem) {
        NetworkConfig config = new NetworkConfig("fiat", TestingMockFiat.CHAIN, Map.of(),
                Map.of("webhook-secret", new Secret("env:FIAT_WEBHOOK_SECRET", value.getBytes(StandardCharsets.UTF_8))));

        assertThatThrownBy(() -> factory.create(config, context()))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
                .hasMessageContaining("billing.networks.fiat.webhook-secret")
                .hasMessageContaining("env:FIAT_WEBHOOK_SECRET")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value).doesNotContain(value.substring(6)));
    }

    @Test
    void portInUseIsAConfigurationProblem() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            NetworkConfig config = new NetworkConfig("fiat", TestingMockFiat.CHAIN, Map.of("listen-port", Integer.toString(taken.getLocalPort())), Map.of());

            assertThatThrownBy(() -> factory.create(config, context()))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
                    .hasMessageContaining("listen-port")
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
        NetworkConfig fine = new NetworkConfig("fiat", TestingMockFiat.CHAIN, Map.of(), Map.of());
        try (BillingProvider provider = factory.create(fine, context())) {
            assertThat(provider.describe().network()).as("a failed start releases the data directory").isEqualTo("fiat");
        }
    }

    @Test
    void unresolvableListenHostIsAConfigurationProblem() {
        NetworkConfig config = new NetworkConfig("fiat", TestingMockFiat.CHAIN, Map.of("listen-host", "no-such-host.invalid"), Map.of());

        assertThatThrownBy(() -> factory.create(config, context()))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
                .hasMessageContaining("listen-host")
                .hasMessageContaining("no-such-host.invalid");
    }

    @Test
    void dataDirectoryThatIsAFileIsAConfigurationProblem() throws IOException {
        Path file = Files.writeString(dataDirectory.resolve("not-a-directory"), "x");
        NetworkConfig config = new NetworkConfig("fiat", TestingMockFiat.CHAIN, Map.of(), Map.of());

        assertThatThrownBy(() -> factory.create(config, new TestingProviderContext(new TestingClock(TestingMockFiat.START), java.net.URI.create("http://127.0.0.1:9/"), file)))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
                .hasMessageContaining(file.toString());
    }

    @Test
    void configuredSecretIsUsedAndNothingIsGenerated() throws IOException {
        Secret secret = new Secret("env:X", WebhookSignatureTest.SECRET.getBytes(StandardCharsets.UTF_8));
        try (TestingMockFiat fiat = TestingMockFiat.start(dataDirectory, Map.of(), Map.of("webhook-secret", secret))) {
            assertThat(dataDirectory.resolve(MockFiatBillingProvider.WEBHOOK_SECRET_FILE)).doesNotExist();
            assertThat(fiat.provider().health().details().values()).noneMatch(value -> value.contains("AAECAwQF"));
        }
    }

    @Test
    void closingTwiceIsHarmless() throws IOException {
        TestingMockFiat fiat = TestingMockFiat.start(dataDirectory);
        fiat.provider().close();

        fiat.close();

        try (BillingProvider again = fiat.create()) {
            assertThat(again.describe().providerId()).as("the directory is free again").isEqualTo("mock-fiat");
        }
    }

    private TestingProviderContext context() {
        return new TestingProviderContext(new TestingClock(TestingMockFiat.START), java.net.URI.create("http://127.0.0.1:9/webhooks"), dataDirectory);
    }
}

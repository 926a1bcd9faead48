package io.billinggateway.gateway;

import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.billinggateway.router.RouterConfigurationException;
import io.billinggateway.tck.plugin.TestingPlugins;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A provider added as a jar in plugins/ and configuration, with no rebuild of the gateway. */
class PluginDirectoryTest {
    private static final Map<String, Object> EXTRA_NETWORK = Map.of(
            "billing.enabled-networks", "fiat,extra",
            "billing.networks.extra.provider", "fixture-good",
            "billing.networks.extra.chain-id", "fixture:one",
            "billing.networks.extra.greeting", "hi");

    @TempDir
    Path home;

    @Test
    void pluginJarCopiedIntoPluginsAppearsInTheCatalogAfterRestart() throws Exception {
        try (TestingDatabase database = TestingDatabase.h2()) {
            try (TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
                assertThat(names(gateway)).containsExactly("fiat");
            }

            Files.createDirectories(home.resolve("plugins"));
            TestingPlugins.working("fixture-good").writeTo(home.resolve("plugins"));

            try (TestingGateway gateway = TestingGateway.start(database, home, EXTRA_NETWORK)) {
                assertThat(names(gateway)).containsExactly("fiat", "extra");
                JsonNode extra = gateway.get("/v1/billing/networks/extra", null).json();
                assertThat(extra.get("providerId").getStringValue()).isEqualTo("fixture-good");
                assertThat(extra.get("chainId").getStringValue()).isEqualTo("fixture:one");
                assertThat(extra.get("assets").get(0).get("code").getStringValue()).isEqualTo("XTS");
                assertThat(extra.get("health").get("status").getStringValue()).isEqualTo("UP");
                assertThat(extra.get("health").get("details").get("greeting").getStringValue()).isEqualTo("hi");
                assertThat(extra.get("health").get("details").get(TestingPlugins.CLASS_LOADER).getStringValue()).startsWith("plugin:");
            }
        }
    }

    @Test
    void unknownNetworkIsAProblemDocumentListingTheRegisteredOnes() {
        try (TestingDatabase database = TestingDatabase.h2(); TestingGateway gateway = TestingGateway.start(database, home, Map.of())) {
            TestingGateway.Response response = gateway.get("/v1/billing/networks/gamma", null);
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.json().get("type").getStringValue()).isEqualTo("https://billing-gateway.dev/problems/not-found");
            assertThat(response.json().get("detail").getStringValue())
                    .isEqualTo("no enabled network matches network 'gamma'; registered networks: fiat (mock-fiat, fiat:mock)");
            assertThat(response.json().get("registered").get(0).getStringValue()).isEqualTo("fiat (mock-fiat, fiat:mock)");
        }
    }

    @Test
    void brokenPluginJarsStopStartupWithOneLineEach() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Path noConstructor = TestingPlugins.withoutNoArgConstructor("fixture-constructor").writeTo(plugins);
        Path wrongSpi = TestingPlugins.builtForSpi("fixture-spi-two", "2.0").writeTo(plugins);

        try (TestingDatabase database = TestingDatabase.h2()) {
            Throwable failure = catchThrowable(() -> TestingGateway.start(database, home, Map.of()).close());

            RouterConfigurationException problems = Application.configurationProblem(failure).orElseThrow(() -> new AssertionError("not a configuration problem", failure));
            assertThat(problems.problems()).containsExactly(
                    "plugin " + noConstructor + ": factory " + TestingPlugins.factoryClass("fixture-constructor")
                            + " cannot be instantiated: it has no public no-argument constructor (ServiceLoader needs one)",
                    "plugin " + wrongSpi + ": factory " + TestingPlugins.factoryClass("fixture-spi-two") + ": built for SPI 2.0 but this gateway provides SPI 1.4 "
                            + "(a plugin needs the same major version and a minor version no newer than the host's); rebuild it against provider-spi 1.4");
        }
    }

    private static List<String> names(TestingGateway gateway) {
        TestingGateway.Response response = gateway.get("/v1/billing/networks", null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (JsonNode network : response.json().values()) {
            names.add(network.get("name").getStringValue());
        }
        return names;
    }
}

package io.billinggateway.tck.plugin;

import io.billinggateway.router.DiscoveredFactory;
import io.billinggateway.router.PluginDiscovery;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.router.RouterConfigurationException;
import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.ProviderMetrics;
import io.billinggateway.tck.TestingClock;
import io.billinggateway.tck.TestingProviderContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway's plugin loader against plugin jars built at test time: the working fixture plugin loads in a
 * class loader of its own and runs with it as the context class loader; each classic packaging mistake is
 * reported with its documented one-line message (the messages in provider-tck/README.md).
 */
class PluginLoadingTest {
    private static final String NO_SERVICES_FILE = "declares no io.billinggateway.spi.BillingProviderFactory "
            + "(add META-INF/services/io.billinggateway.spi.BillingProviderFactory naming your factory class)";

    private final ClassLoader host = new SpiOnlyClassLoader(BillingProviderFactory.class.getClassLoader());

    @TempDir
    Path temporary;

    @Test
    void workingPluginLoadsInAClassLoaderOfItsOwn() {
        Path jar = TestingPlugins.working("fixture-good").writeTo(plugins());

        PluginDiscovery.Result result = discover();

        assertThat(result.problems()).isEmpty();
        assertThat(result.factories()).singleElement().satisfies(found -> {
            assertThat(found.providerId()).isEqualTo("fixture-good");
            assertThat(found.source().pluginPath()).contains(jar);
            assertThat(found.factory().getClass().getName()).isEqualTo(TestingPlugins.factoryClass("fixture-good"));
            assertThat(found.factory().getClass().getClassLoader()).isSameAs(found.classLoader()).isNotSameAs(host);
            assertThat(found.classLoader()).isNotSameAs(getClass().getClassLoader());
            assertThat(found.classLoader().getName()).isEqualTo("plugin:fixture-good.jar");
        });
        assertThatThrownBy(() -> Class.forName(TestingPlugins.factoryClass("fixture-good"), false, getClass().getClassLoader()))
                .as("the plugin's classes are not on the host's class path")
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void pluginRunsWithItsOwnContextClassLoaderAndTheCallersIsRestored() {
        TestingPlugins.working("fixture-good").writeTo(plugins());
        ClassLoader callers = Thread.currentThread().getContextClassLoader();
        Map<String, String> environment = Map.of(
                "BILLING_NETWORKS", "alpha",
                "BILLING_NETWORKS_ALPHA_PROVIDER", "fixture-good",
                "BILLING_NETWORKS_ALPHA_CHAIN_ID", "fixture:alpha",
                "BILLING_NETWORKS_ALPHA_GREETING", "hi");

        try (ProviderRouter router = ProviderRouter.start(settings(environment))) {
            RoutedNetwork alpha = router.resolve("alpha");
            HealthReport health = alpha.provider().health();

            assertThat(alpha.source().pluginPath()).contains(plugins().resolve("fixture-good.jar"));
            assertThat(alpha.describe().chainId()).hasToString("fixture:alpha");
            assertThat(health.details())
                    .containsEntry(TestingPlugins.CREATE_CONTEXT_CLASS_LOADER, "plugin:fixture-good.jar")
                    .containsEntry(TestingPlugins.CALL_CONTEXT_CLASS_LOADER, "plugin:fixture-good.jar")
                    .containsEntry(TestingPlugins.CLASS_LOADER, "plugin:fixture-good.jar")
                    .containsEntry("greeting", "hi");
            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(callers);
        }
    }

    @Test
    void factoryWithoutNoArgConstructorIsReported() {
        Path jar = TestingPlugins.withoutNoArgConstructor("fixture-constructor").writeTo(plugins());

        assertThat(discover().problems()).containsExactly(
                "plugin " + jar + ": factory " + TestingPlugins.factoryClass("fixture-constructor")
                        + " cannot be instantiated: it has no public no-argument constructor (ServiceLoader needs one)");
    }

    @Test
    void throwingStaticInitialiserIsReported() {
        Path jar = TestingPlugins.withThrowingStaticInitialiser("fixture-static").writeTo(plugins());

        assertThat(discover().problems()).containsExactly(
                "plugin " + jar + ": factory " + TestingPlugins.factoryClass("fixture-static")
                        + " cannot be instantiated: its static initialiser threw IllegalStateException: fixture static initialiser fails on purpose");
    }

    @Test
    void duplicateProviderIdInTwoJarsIsReportedAndNeitherLoads() {
        Path first = TestingPlugins.working("fixture-twice").renamed("fixture-twice-1").writeTo(plugins());
        Path second = TestingPlugins.working("fixture-twice").renamed("fixture-twice-2").writeTo(plugins());

        PluginDiscovery.Result result = discover();

        String factory = TestingPlugins.factoryClass("fixture-twice");
        assertThat(result.problems()).containsExactly("providerId 'fixture-twice' is provided twice: by " + factory + " (plugin " + first
                + ") and by " + factory + " (plugin " + second + "); remove one of them");
        assertThat(result.factories()).isEmpty();
    }

    @Test
    void pluginBuiltForAnotherMajorSpiVersionIsReported() {
        Path jar = TestingPlugins.builtForSpi("fixture-spi-two", "2.0").writeTo(plugins());

        assertThat(discover().problems()).containsExactly("plugin " + jar + ": factory " + TestingPlugins.factoryClass("fixture-spi-two")
                + ": built for SPI 2.0 but this gateway provides SPI 1.4 (a plugin needs the same major version and a minor version no newer "
                + "than the host's); rebuild it against provider-spi 1.4");
    }

    @Test
    void pluginBuiltForANewerMinorSpiVersionIsReported() {
        Path jar = TestingPlugins.builtForSpi("fixture-spi-newer", "1.99").writeTo(plugins());

        assertThat(discover().problems()).containsExactly("plugin " + jar + ": factory " + TestingPlugins.factoryClass("fixture-spi-newer")
                + ": built for SPI 1.99 but this gateway provides SPI 1.4 (a plugin needs the same major version and a minor version no newer "
                + "than the host's); rebuild it against provider-spi 1.4");
    }

    @Test
    void jarWithoutServicesFileIsReported() {
        Path jar = TestingPlugins.withoutServicesFile("fixture-unlisted").writeTo(plugins());

        assertThat(discover().problems()).containsExactly("plugin " + jar + ": " + NO_SERVICES_FILE);
    }

    @Test
    void pluginMissingADependencyClassIsReported() {
        Path jar = TestingPlugins.withMissingDependency("fixture-missing").writeTo(plugins());

        assertThat(discover().problems()).containsExactly("plugin " + jar + ": factory " + TestingPlugins.factoryClass("fixture-missing")
                + " cannot be instantiated: a class it needs is missing: NoClassDefFoundError: fixture/plugin/fixture_missing/FixtureDependency"
                + " (bundle the plugin's dependencies in its jar or in its plugin directory)");
    }

    @Test
    void pluginWhoseFactorySuperclassIsMissingIsReportedWithoutStoppingDiscovery() {
        Path jar = TestingPlugins.withMissingSuperclass("fixture-no-base").writeTo(plugins());
        TestingPlugins.working("fixture-good").writeTo(plugins());

        PluginDiscovery.Result result = discover();

        assertThat(result.problems()).singleElement().asString()
                .startsWith("plugin " + jar + ": ")
                .contains("fixture/plugin/fixture_no_base/FixtureBaseFactory");
        assertThat(result.factories()).extracting(DiscoveredFactory::providerId).containsExactly("fixture-good");
    }

    @Test
    void everyBrokenPluginIsReportedAndTheWorkingOneStillLoads() {
        TestingPlugins.working("fixture-good").writeTo(plugins());
        TestingPlugins.withoutNoArgConstructor("fixture-constructor").writeTo(plugins());
        TestingPlugins.withThrowingStaticInitialiser("fixture-static").writeTo(plugins());
        TestingPlugins.builtForSpi("fixture-spi-two", "2.0").writeTo(plugins());
        TestingPlugins.withoutServicesFile("fixture-unlisted").writeTo(plugins());
        TestingPlugins.withMissingDependency("fixture-missing").writeTo(plugins());

        PluginDiscovery.Result result = discover();

        assertThat(result.problems()).hasSize(5);
        assertThat(result.factories()).extracting(DiscoveredFactory::providerId).containsExactly("fixture-good");
    }

    @Test
    void routerRefusesToStartWithABrokenPluginNamingIt() {
        TestingPlugins.working("fixture-good").writeTo(plugins());
        Path broken = TestingPlugins.builtForSpi("fixture-spi-two", "2.0").writeTo(plugins());
        Map<String, String> environment = Map.of(
                "BILLING_NETWORKS", "alpha",
                "BILLING_NETWORKS_ALPHA_PROVIDER", "fixture-good",
                "BILLING_NETWORKS_ALPHA_CHAIN_ID", "fixture:alpha");

        assertThatThrownBy(() -> ProviderRouter.start(settings(environment)))
                .isInstanceOfSatisfying(RouterConfigurationException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .startsWith("plugin " + broken + ": factory " + TestingPlugins.factoryClass("fixture-spi-two") + ": built for SPI 2.0"));
    }

    private Path plugins() {
        return temporary.resolve("plugins");
    }

    private PluginDiscovery.Result discover() {
        return new PluginDiscovery(host).discover(plugins());
    }

    private ProviderRouter.Settings settings(Map<String, String> environment) {
        TestingClock clock = new TestingClock(Instant.parse("2026-01-01T00:00:00Z"));
        return new ProviderRouter.Settings(plugins(), Map.of(), environment, List.of(), host,
                (network, providerId, hostValues, secrets) -> new TestingProviderContext(clock, secrets, ProviderMetrics.noop(), "billing.provider." + providerId + "." + network,
                        URI.create("http://127.0.0.1:9/webhooks"), temporary.resolve("data-" + network)));
    }
}

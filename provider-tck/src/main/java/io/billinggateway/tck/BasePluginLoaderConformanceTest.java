package io.billinggateway.tck;

import io.billinggateway.router.DiscoveredFactory;
import io.billinggateway.router.PluginDiscovery;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.router.RouterConfigurationException;
import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.tck.plugin.SpiOnlyClassLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks that a built plugin installs into the gateway: copied into an empty {@code plugins/} directory, the
 * gateway's own discovery loads it without problems, in a class loader of its own, and the router starts a
 * network of it. The host sees only the SPI ({@link SpiOnlyClassLoader}), as a packaged gateway does, so a
 * plugin that only works because its classes or dependencies happen to be on the test class path fails here.
 *
 * <p>The plugin must be built before this runs: in Maven, name the subclass {@code *IT} and run it with the
 * failsafe plugin, after {@code package}.
 *
 * <pre>{@code
 * class AcmePluginLoaderIT extends BasePluginLoaderConformanceTest {
 *     protected Path pluginPath() { return Path.of(System.getProperty("plugin.jar")); }
 *     protected ConformanceNetwork network(ConformanceEnvironment environment) {
 *         return new ConformanceNetwork("acme", ChainId.parse("acme:test"), Map.of(), Map.of("api-key", "sk_test_..."));
 *     }
 * }
 * }</pre>
 */
@ExtendWith(ConformanceReportExtension.class)
public abstract class BasePluginLoaderConformanceTest {
    private static final String SPI_PACKAGE_PATH = "io/billinggateway/spi/";

    private TemporaryDirectory workDirectory;
    private Path pluginsDirectory;
    private Path installed;
    private ClassLoader host;
    private ConformanceReportExtension.Subject reportSubject;

    /** The plugin as it is installed: its jar, or a directory holding its jar and the jars of its dependencies. */
    protected abstract Path pluginPath();

    /** One network of the plugin, configured as an operator would. */
    protected abstract ConformanceNetwork network(ConformanceEnvironment environment);

    @BeforeEach
    final void installPlugin() throws IOException {
        Path plugin = requireNonNull(pluginPath(), "pluginPath() returned null");
        if (!Files.exists(plugin)) {
            fail("pluginPath() " + plugin.toAbsolutePath() + " does not exist; build the plugin first (run this test after packaging, e.g. as a failsafe *IT)");
        }
        workDirectory = TemporaryDirectory.create("billing-tck-plugins-");
        pluginsDirectory = Files.createDirectories(workDirectory.path().resolve("plugins"));
        installed = pluginsDirectory.resolve(plugin.getFileName().toString());
        reportSubject = ConformanceReportExtension.Subject.plugin(plugin.toAbsolutePath().toString());
        copyRecursively(plugin, installed);
        host = new SpiOnlyClassLoader(BillingProviderFactory.class.getClassLoader());
    }

    @AfterEach
    final void removePlugin() {
        if (workDirectory != null) {
            workDirectory.close();
        }
    }

    @Test
    public final void pluginLoadsFromThePluginsDirectory() {
        PluginDiscovery.Result discovery = new PluginDiscovery(host).discover(pluginsDirectory);
        assertThat(discovery.problems()).as("the gateway reports problems loading the plugin from plugins/" + installed.getFileName()).isEmpty();
        assertThat(discovery.factories()).as("the gateway finds no BillingProviderFactory in plugins/" + installed.getFileName()).isNotEmpty();
        assertThat(discovery.factories())
                .as("every factory must come from the installed plugin")
                .allSatisfy(factory -> assertThat(factory.source().pluginPath()).contains(installed));
    }

    @Test
    public final void pluginIsIsolatedFromTheHost() {
        for (DiscoveredFactory discovered : discover()) {
            Class<?> type = discovered.factory().getClass();
            assertThat(type.getClassLoader())
                    .as("factory " + type.getName() + " must be loaded by the plugin's own class loader")
                    .isSameAs(discovered.classLoader())
                    .isNotSameAs(host)
                    .isNotSameAs(BillingProviderFactory.class.getClassLoader());
            try {
                Class.forName(type.getName(), false, host);
                fail("the host can load " + type.getName() + " although the plugin is only in plugins/");
            }
            catch (ClassNotFoundException expected) {
                // the plugin's classes are its own
            }
        }
    }

    @Test
    public final void pluginDoesNotBundleTheSpi() throws IOException {
        List<String> bundled = new ArrayList<>();
        for (Path jar : jarsOf(installed)) {
            try (JarFile file = new JarFile(jar.toFile())) {
                file.stream().map(JarEntry::getName).filter(name -> name.startsWith(SPI_PACKAGE_PATH) && name.endsWith(".class"))
                        .forEach(name -> bundled.add(installed.relativize(jar) + "!/" + name));
            }
        }
        assertThat(bundled)
                .as("the plugin bundles the SPI's classes, which the gateway provides (and ignores in a plugin); "
                        + "declare io.billinggateway:provider-spi with <scope>provided</scope>")
                .isEmpty();
    }

    @Test
    public final void networkStartsThroughTheGatewayRouter() throws IOException {
        List<DiscoveredFactory> factories = discover();
        Path dataDirectory = Files.createDirectories(workDirectory.path().resolve("data"));
        TestingClock clock = new TestingClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try (WebhookReceiver receiver = WebhookReceiver.start(clock)) {
            ConformanceEnvironment environment = new ConformanceEnvironment(dataDirectory, clock, receiver, Duration.ofSeconds(15), 0);
            ConformanceNetwork network = requireNonNull(network(environment), "network(...) returned null");
            String providerId = providerIdOf(factories);
            reportSubject = reportSubject.withNetwork(network.name(), network.chainId().toString());
            GatewayConfiguration configuration = GatewayConfiguration.of(providerId, network);
            ProviderRouter.Settings settings = new ProviderRouter.Settings(pluginsDirectory, configuration.properties(), configuration.environment(), List.of(), host,
                    (name, provider, hostValues, secrets) -> new TestingProviderContext(clock, secrets, environment.metrics(), "billing.provider." + provider + "." + name,
                            receiver.url(), dataDirectory));
            ProviderRouter router;
            try {
                router = ProviderRouter.start(settings);
            }
            catch (RouterConfigurationException e) {
                router = fail("the gateway refuses to start network '" + network.name() + "' of the installed plugin:" + System.lineSeparator() + e.getMessage(), e);
            }
            try (ProviderRouter started = router) {
                RoutedNetwork routed = started.resolve(network.name());
                assertThat(routed.source().pluginPath()).as("network '" + network.name() + "' must be served by the installed plugin").contains(installed);
                NetworkDescription description = routed.describe();
                assertThat(description.network()).isEqualTo(network.name());
                assertThat(description.providerId()).isEqualTo(providerId);
                assertThat(description.chainId()).isEqualTo(network.chainId());
                HealthReport health = routed.provider().health();
                assertThat(health).as("health() through the router").isNotNull();
            }
        }
    }

    /** The providerId whose network {@link #network} configures; by default the plugin's only factory's. */
    protected String providerIdOf(List<DiscoveredFactory> factories) {
        if (factories.size() != 1) {
            return fail("the plugin has " + factories.size() + " factories " + factories.stream().map(DiscoveredFactory::providerId).toList()
                    + "; override providerIdOf(...) to choose the one network(...) configures");
        }
        return factories.getFirst().providerId();
    }

    private List<DiscoveredFactory> discover() {
        PluginDiscovery.Result discovery = new PluginDiscovery(host).discover(pluginsDirectory);
        if (!discovery.problems().isEmpty() || discovery.factories().isEmpty()) {
            fail("the plugin does not load (see pluginLoadsFromThePluginsDirectory): " + discovery.problems());
        }
        if (discovery.factories().size() == 1) {
            DiscoveredFactory only = discovery.factories().getFirst();
            reportSubject = reportSubject.withProvider(only.providerId(), only.spiVersion());
        }
        return discovery.factories();
    }

    /** What the report says about the installed plugin; null before it is installed. */
    ConformanceReportExtension.Subject reportSubject() {
        return reportSubject;
    }

    private static List<Path> jarsOf(Path plugin) throws IOException {
        if (!Files.isDirectory(plugin)) {
            return List.of(plugin);
        }
        try (Stream<Path> files = Files.list(plugin)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static void copyRecursively(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.sorted().toList()) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                }
                else {
                    Files.copy(path, destination);
                }
            }
        }
        catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}

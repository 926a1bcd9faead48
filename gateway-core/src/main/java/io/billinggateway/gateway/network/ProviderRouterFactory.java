package io.billinggateway.gateway.network;

import io.billinggateway.gateway.ListeningPort;
import io.billinggateway.gateway.networksettings.StartupOverrides;
import io.billinggateway.router.DiscoveredFactory;
import io.billinggateway.router.NetworkConfigurationReader;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.router.RouterConfigurationException;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.SecretResolver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import io.micronaut.core.naming.conventions.StringConvention;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the {@link ProviderRouter} when the gateway starts ({@code GatewayStartup} asks for it once the port is known),
 * from the configuration files merged with the network settings operators saved at run time (which win).
 * A misconfiguration throws {@link RouterConfigurationException}, which {@link io.billinggateway.gateway.Application}
 * prints line by line before exiting non-zero.
 */
@Factory
final class ProviderRouterFactory {
    /**
     * Where a network's provider keeps its state: by default {@code <billing.data-dir>/networks/<network>}. Several gateway
     * processes that serve one mock-fiat or Solana network point it at one shared directory.
     */
    static final ConfigKey DATA_DIR = ConfigKey.optional("data-dir",
            "directory of the network's provider state; default <billing.data-dir>/networks/<network>");
    /** Per-network settings that belong to the gateway, accepted for every network besides the provider's keys. */
    static final List<ConfigKey> HOST_KEYS = Stream.concat(io.billinggateway.gateway.charge.LaneSettings.KEYS.stream(), Stream.of(DATA_DIR, ExplorerLinks.EXPLORER_URL)).toList();

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRouterFactory.class);

    private ProviderRouter router;

    @Singleton
    ProviderRouter providerRouter(Environment environment, BillingSettings settings, MeterRegistry meterRegistry, Clock clock, ListeningPort port,
                                  StartupOverrides overrides) {
        URI publicUrl = settings.publicUrl().orElseGet(() -> localUrl(port));
        Path networksData = settings.dataDir().resolve("networks");
        router = ProviderRouter.start(new ProviderRouter.Settings(
                settings.pluginsDir(),
                networkProperties(environment),
                System.getenv(),
                HOST_KEYS,
                ProviderRouterFactory.class.getClassLoader(),
                (network, providerId, hostValues, secrets) ->
                        context(network, providerId, dataDirectory(network, hostValues, networksData), secrets, publicUrl, meterRegistry, clock),
                overrides.load()));
        logLoaded(router);
        return router;
    }

    /** What an operator checks first when a network is missing or behaves unlike its plugin's release notes. */
    private static void logLoaded(ProviderRouter router) {
        for (DiscoveredFactory installed : router.installedFactories()) {
            LOG.info("provider {} version {} (SPI {}) loaded from {}", installed.providerId(), version(installed), installed.spiVersion(), jar(installed));
        }
        for (RoutedNetwork network : router.networks()) {
            LOG.info("network {} enabled: provider {}, chain id {}", network.name(), network.providerId(), network.chainId());
        }
    }

    /** The {@code Implementation-Version} of the factory's jar manifest; {@code unknown} for classes outside a versioned jar. */
    private static String version(DiscoveredFactory installed) {
        return Optional.ofNullable(installed.factory().getClass().getPackage().getImplementationVersion()).orElse("unknown");
    }

    /** The plugin's jar or directory, or the class path entry holding the factory. */
    private static String jar(DiscoveredFactory installed) {
        if (installed.source().pluginPath().isPresent()) {
            return installed.source().pluginPath().get().toString();
        }
        return Optional.ofNullable(installed.factory().getClass().getProtectionDomain().getCodeSource())
                .map(codeSource -> "the class path (" + codeSource.getLocation() + ")").orElse("the class path");
    }

    /**
     * {@code http://localhost:<port>}. Only a process that serves HTTP learns a system-assigned port; the
     * {@code billing-charge} command with {@code BILLING_PORT=0} cannot tell where the gateway receives webhooks.
     */
    private static URI localUrl(ListeningPort port) {
        return URI.create("http://localhost:" + port.awaitPort().orElseThrow(() -> new RouterConfigurationException(List.of(
                "billing.public-url (BILLING_PUBLIC_URL) is not set and BILLING_PORT is 0, which lets the system choose the port as"
                        + " the HTTP server binds, but this process has no listening HTTP server (the billing-charge command has none), so it"
                        + " cannot tell where the gateway receives webhooks: set BILLING_PUBLIC_URL, or BILLING_PORT to the gateway's port"))));
    }

    private static Path dataDirectory(String network, Map<String, String> hostValues, Path networksData) {
        String configured = hostValues.getOrDefault(DATA_DIR.name(), "").strip();
        return configured.isEmpty() ? networksData.resolve(network) : Path.of(configured);
    }

    private static GatewayProviderContext context(String network, String providerId, Path dataDirectory, SecretResolver secrets, URI publicUrl,
                                                  MeterRegistry meterRegistry, Clock clock) {
        try {
            Files.createDirectories(dataDirectory);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDirectory + " of network '" + network + "' (key data-dir): " + e, e);
        }
        return new GatewayProviderContext(
                clock,
                secrets,
                new MicrometerProviderMetrics(meterRegistry, network),
                "billing.provider." + providerId + "." + network,
                publicUrl.resolve("/v1/billing/networks/" + network + "/webhook"),
                dataDirectory);
    }

    /** {@code billing.enabled-networks} and {@code billing.networks.*} as flat strings; lists joined with commas. */
    static Map<String, String> networkProperties(Environment environment) {
        Map<String, String> properties = new HashMap<>();
        environment.getProperty(NetworkConfigurationReader.ENABLED_NETWORKS_PROPERTY, Object.class)
                .ifPresent(value -> properties.put(NetworkConfigurationReader.ENABLED_NETWORKS_PROPERTY, flatten(value)));
        environment.getProperties("billing.networks", StringConvention.RAW).forEach((key, value) ->
                properties.put(NetworkConfigurationReader.NETWORK_PROPERTY_PREFIX + key, flatten(value)));
        return properties;
    }

    private static String flatten(Object value) {
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    @PreDestroy
    void close() {
        if (router != null) {
            router.close();
        }
    }
}

package io.billinggateway.tck;

import io.billinggateway.router.DiscoveredFactory;
import io.billinggateway.router.EnvironmentSecretResolver;
import io.billinggateway.router.NetworkConfigurationReader;
import io.billinggateway.router.NetworkSettings;
import io.billinggateway.router.PluginSource;
import io.billinggateway.router.RouterConfigurationException;
import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.SecretResolver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.fail;

/**
 * A {@link ConformanceNetwork} written the way an operator configures the gateway: properties
 * {@code billing.networks.<name>.<key>}, secrets as {@code env:} references, and the environment with
 * {@code BILLING_NETWORKS} and the referenced variables. The kit validates it with the router's own
 * {@link NetworkConfigurationReader}, so a provider is tested with exactly the configuration the gateway
 * would hand it; the gateway's tests use the same maps to start a router.
 *
 * @param properties configuration properties, as in {@code application.yml}
 * @param environment the process environment: {@code BILLING_NETWORKS} and the secret variables
 */
public record GatewayConfiguration(Map<String, String> properties, Map<String, String> environment) {
    public GatewayConfiguration {
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
        environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    }

    /** The gateway configuration that enables {@code network} served by the provider {@code providerId}. */
    public static GatewayConfiguration of(String providerId, ConformanceNetwork network) {
        requireNonNull(providerId, "providerId is null");
        requireNonNull(network, "network is null");
        String prefix = NetworkConfigurationReader.NETWORK_PROPERTY_PREFIX + network.name() + ".";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(prefix + NetworkConfigurationReader.PROVIDER_KEY, providerId);
        properties.put(prefix + NetworkConfigurationReader.CHAIN_ID_KEY, network.chainId().toString());
        network.values().forEach((key, value) -> properties.put(prefix + key, value));
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(NetworkConfigurationReader.ENABLED_NETWORKS_VARIABLE, network.name());
        network.secretValues().forEach((key, value) -> {
            String variable = secretVariable(network.name(), key);
            properties.put(prefix + key, "env:" + variable);
            environment.put(variable, value);
        });
        return new GatewayConfiguration(properties, environment);
    }

    /** Resolves the {@code env:} references of this configuration, as the gateway's resolver does. */
    public SecretResolver secretResolver() {
        return new EnvironmentSecretResolver(environment);
    }

    /**
     * Validates {@code network} against {@code factory}'s declaration the way the router does (unknown keys,
     * missing required keys, malformed chain ids, secrets given as plain values) and returns the configuration
     * the router would pass to {@link BillingProviderFactory#create}.
     *
     * @throws AssertionError listing every problem, as the gateway would print them at startup
     */
    static NetworkConfig validate(BillingProviderFactory factory, ConformanceNetwork network) {
        String providerId = factory.providerId();
        List<ConfigKey> keys = Optional.ofNullable(factory.configKeys()).orElse(List.of());
        List<String> problems = new ArrayList<>(misplacedValues(keys, network));
        // Misplaced values are reported above; the rest of the configuration is still checked, so every problem shows at once.
        Set<String> secretKeys = keys.stream().filter(ConfigKey::secret).map(ConfigKey::name).collect(Collectors.toSet());
        Map<String, String> values = new LinkedHashMap<>(network.values());
        values.keySet().removeIf(key -> secretKeys.contains(key) || NetworkConfigurationReader.HOST_KEYS.contains(key));
        ConformanceNetwork checked = new ConformanceNetwork(network.name(), network.chainId(), values, network.secretValues());
        GatewayConfiguration configuration = of(providerId, checked);
        DiscoveredFactory discovered = new DiscoveredFactory(factory, PluginSource.CLASSPATH, factory.getClass().getClassLoader(), providerId,
                String.valueOf(factory.spiVersion()), Optional.ofNullable(factory.capabilities()).orElse(Set.of()), keys);
        NetworkConfigurationReader reader = new NetworkConfigurationReader(configuration.properties(), configuration.environment(),
                configuration.secretResolver(), List.of());
        try {
            List<NetworkSettings> networks = reader.read(Map.of(providerId, discovered));
            if (problems.isEmpty()) {
                return networks.getFirst().config();
            }
        }
        catch (RouterConfigurationException e) {
            problems.addAll(e.problems());
        }
        return fail("network(...) returned a configuration the gateway would refuse at startup:" + System.lineSeparator()
                + problems.stream().map(problem -> "  - " + problem).collect(Collectors.joining(System.lineSeparator())));
    }

    private static List<String> misplacedValues(List<ConfigKey> keys, ConformanceNetwork network) {
        List<String> problems = new ArrayList<>();
        Set<String> secretKeys = keys.stream().filter(ConfigKey::secret).map(ConfigKey::name).collect(Collectors.toCollection(TreeSet::new));
        for (String key : new TreeSet<>(network.values().keySet())) {
            if (NetworkConfigurationReader.HOST_KEYS.contains(key)) {
                problems.add("ConformanceNetwork.values() sets '" + key + "'; the kit sets it from the factory's providerId and ConformanceNetwork.chainId()");
            }
            if (secretKeys.contains(key)) {
                problems.add("key '" + key + "' is declared secret; put its value in ConformanceNetwork.secretValues(), not values()");
            }
        }
        for (String key : new TreeSet<>(network.secretValues().keySet())) {
            if (!secretKeys.contains(key)) {
                problems.add("ConformanceNetwork.secretValues() sets '" + key + "', which the factory does not declare as a secret key; secret keys: " + secretKeys);
            }
        }
        return problems;
    }

    private static String secretVariable(String network, String key) {
        return "TCK_SECRET_" + (network + "_" + key).toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }
}

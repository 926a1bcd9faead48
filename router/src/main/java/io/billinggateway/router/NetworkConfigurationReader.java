package io.billinggateway.router;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ChainId;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.Secret;
import io.billinggateway.spi.SecretResolver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Reads which networks are enabled and how each is configured, and validates every network against its
 * factory's declared keys.
 *
 * <p>Sources, later ones winning: the {@linkplain NetworkPresets preset} of a well-known network name,
 * configuration properties {@code billing.networks.<network>.<key>}, and environment variables
 * {@code BILLING_NETWORKS_<NETWORK>_<KEY>}. The enabled networks are the comma-separated
 * {@code BILLING_NETWORKS} environment variable, or else the {@code billing.enabled-networks} property.
 *
 * <p>Every problem becomes one line of a {@link RouterConfigurationException}; values of secret keys never
 * appear in a message.
 */
public final class NetworkConfigurationReader {
    public static final String ENABLED_NETWORKS_VARIABLE = "BILLING_NETWORKS";
    public static final String ENABLED_NETWORKS_PROPERTY = "billing.enabled-networks";
    public static final String NETWORK_PROPERTY_PREFIX = "billing.networks.";
    public static final String PROVIDER_KEY = "provider";
    public static final String CHAIN_ID_KEY = "chain-id";
    /** Keys every network accepts besides its factory's: they belong to the gateway. */
    public static final Set<String> HOST_KEYS = Set.of(PROVIDER_KEY, CHAIN_ID_KEY);

    private static final Pattern NETWORK_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final SecretResolver secretResolver;
    private final List<ConfigKey> hostKeys;

    /**
     * @param properties flattened configuration properties ({@code billing.networks.bsc.rpc-urls=...});
     *                   list values joined with commas
     * @param environment the process environment
     * @param hostKeys the gateway's own per-network settings (worker lane settings), accepted for every network
     */
    public NetworkConfigurationReader(Map<String, String> properties, Map<String, String> environment, SecretResolver secretResolver, List<ConfigKey> hostKeys) {
        this.properties = Map.copyOf(requireNonNull(properties, "properties is null"));
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        this.secretResolver = requireNonNull(secretResolver, "secretResolver is null");
        this.hostKeys = List.copyOf(requireNonNull(hostKeys, "hostKeys is null"));
    }

    /** The enabled network names, in the order given. */
    public List<String> enabledNetworks() {
        String listed = Optional.ofNullable(environment.get(ENABLED_NETWORKS_VARIABLE))
                .or(() -> Optional.ofNullable(properties.get(ENABLED_NETWORKS_PROPERTY)))
                .orElse("");
        return Arrays.stream(listed.split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList();
    }

    /**
     * Validates every enabled network.
     *
     * @throws RouterConfigurationException listing every problem found
     */
    public List<NetworkSettings> read(Map<String, DiscoveredFactory> factories) {
        return read(factories, NetworkOverrides.NONE);
    }

    /**
     * Validates every enabled network with the operators' run-time overrides applied last (they win over properties and
     * environment).
     *
     * @throws RouterConfigurationException listing every problem found
     */
    public List<NetworkSettings> read(Map<String, DiscoveredFactory> factories, NetworkOverrides overrides) {
        List<String> problems = new ArrayList<>();
        List<String> enabled = enabledNetworks();
        if (enabled.isEmpty()) {
            problems.add("no network is enabled: set " + ENABLED_NETWORKS_VARIABLE + " (for example " + ENABLED_NETWORKS_VARIABLE + "=fiat) or "
                    + ENABLED_NETWORKS_PROPERTY + "; presets: " + String.join(", ", NetworkPresets.names()));
        }
        Set<String> seen = new LinkedHashSet<>();
        List<NetworkSettings> networks = new ArrayList<>();
        for (String network : enabled) {
            if (!NETWORK_NAME.matcher(network).matches()) {
                problems.add("network '" + network + "' in " + ENABLED_NETWORKS_VARIABLE + ": a network name is 1-32 lower-case letters, digits or dashes, starting with a letter");
                continue;
            }
            if (!seen.add(network)) {
                problems.add("network '" + network + "' is listed twice in " + ENABLED_NETWORKS_VARIABLE);
                continue;
            }
            readNetwork(network, enabled, factories, overrides.of(network), problems).ifPresent(networks::add);
        }
        rejectDuplicateChains(networks, problems);
        if (!problems.isEmpty()) {
            throw new RouterConfigurationException(problems);
        }
        return networks;
    }

    /**
     * Validates one enabled network with {@code overrides} applied last: what the router does when an operator changes
     * the network's settings at run time.
     *
     * @throws RouterConfigurationException listing every problem found, each naming its key
     */
    public NetworkSettings readOne(String network, Map<String, DiscoveredFactory> factories, Map<String, String> overrides) {
        List<String> problems = new ArrayList<>();
        Optional<NetworkSettings> settings = readNetwork(network, enabledNetworks(), factories, overrides, problems);
        if (!problems.isEmpty() || settings.isEmpty()) {
            throw new RouterConfigurationException(problems.isEmpty() ? List.of("network '" + network + "' cannot be read") : problems);
        }
        return settings.get();
    }

    private Optional<NetworkSettings> readNetwork(String network, List<String> enabled, Map<String, DiscoveredFactory> factories,
                                                  Map<String, String> overrides, List<String> problems) {
        Map<String, String> raw = new LinkedHashMap<>(NetworkPresets.forNetwork(network).orElse(Map.of()));
        Set<String> presetOnly = new java.util.HashSet<>(raw.keySet());
        String propertyPrefix = NETWORK_PROPERTY_PREFIX + network + ".";
        Map<String, String> fromProperties = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(propertyPrefix)) {
                fromProperties.put(key.substring(propertyPrefix.length()), value);
            }
        });
        raw.putAll(fromProperties);
        presetOnly.removeAll(fromProperties.keySet());

        String providerId = environmentValue(network, PROVIDER_KEY).orElse(raw.get(PROVIDER_KEY));
        if (providerId == null || providerId.isBlank()) {
            problems.add("network '" + network + "': no provider configured; set " + propertyPrefix + PROVIDER_KEY + " or "
                    + environmentName(network, PROVIDER_KEY) + " (known presets: " + String.join(", ", NetworkPresets.names())
                    + "; installed providers: " + installed(factories) + ")");
            return Optional.empty();
        }
        DiscoveredFactory factory = factories.get(providerId.strip());
        if (factory == null) {
            problems.add("network '" + network + "': provider '" + providerId + "' is not installed; installed providers: " + installed(factories)
                    + " (put the provider's jar in the plugins directory)");
            return Optional.empty();
        }

        Map<String, ConfigKey> accepted = new LinkedHashMap<>();
        acceptedKeys(factory).forEach(key -> accepted.put(key.name(), key));

        List<String> networkProblems = new ArrayList<>();
        // A preset may carry defaults for keys this provider does not declare; those are not the operator's mistake.
        presetOnly.stream().filter(key -> !accepted.containsKey(key)).forEach(raw::remove);
        for (String key : raw.keySet()) {
            if (!accepted.containsKey(key)) {
                networkProblems.add("network '" + network + "': unknown key " + propertyPrefix + key + "; provider '" + providerId + "' accepts: "
                        + String.join(", ", new TreeSet<>(accepted.keySet())));
            }
        }
        for (String variable : unknownEnvironmentVariables(network, enabled, accepted.keySet())) {
            networkProblems.add("network '" + network + "': unknown environment variable " + variable + "; provider '" + providerId + "' accepts: "
                    + accepted.keySet().stream().sorted().map(key -> environmentName(network, key)).collect(Collectors.joining(", ")));
        }
        for (ConfigKey key : accepted.values()) {
            environmentValue(network, key.name()).ifPresent(value -> raw.put(key.name(), value));
        }
        overrides.forEach((key, value) -> {
            ConfigKey declared = accepted.get(key);
            if (declared == null || !declared.runtimeEditable()) {
                networkProblems.add("network '" + network + "': key " + key + " " + (declared == null ? "is not a key of provider '" + providerId + "'"
                        : "cannot be changed at run time") + "; editable keys: " + editableKeys(accepted));
            }
            else {
                raw.put(key, value);
            }
        });

        Map<String, String> values = new HashMap<>();
        Map<String, Secret> secrets = new HashMap<>();
        Map<String, String> hostValues = new HashMap<>();
        Set<String> hostKeyNames = hostKeys.stream().map(ConfigKey::name).collect(Collectors.toSet());
        for (ConfigKey key : accepted.values()) {
            String value = raw.get(key.name());
            if (value == null || value.isBlank()) {
                if (key.required()) {
                    networkProblems.add("network '" + network + "': missing required key " + propertyPrefix + key.name() + " (or " + environmentName(network, key.name())
                            + "): " + key.description());
                }
                else {
                    key.defaultValue().ifPresent(defaultValue -> (hostKeyNames.contains(key.name()) ? hostValues : values).put(key.name(), defaultValue));
                }
                continue;
            }
            if (key.secret()) {
                try {
                    secrets.put(key.name(), secretResolver.resolve(value.strip()));
                }
                catch (BillingException e) {
                    networkProblems.add("network '" + network + "': key " + propertyPrefix + key.name() + ": " + e.getMessage());
                }
            }
            else if (hostKeyNames.contains(key.name())) {
                hostValues.put(key.name(), value.strip());
            }
            else if (!HOST_KEYS.contains(key.name())) {
                values.put(key.name(), value.strip());
            }
        }

        ChainId chainId = null;
        String chainText = raw.get(CHAIN_ID_KEY);
        if (chainText != null && !chainText.isBlank()) {
            try {
                chainId = ChainId.parse(chainText);
            }
            catch (IllegalArgumentException e) {
                networkProblems.add("network '" + network + "': key " + propertyPrefix + CHAIN_ID_KEY + ": " + e.getMessage());
            }
        }
        problems.addAll(networkProblems);
        if (!networkProblems.isEmpty() || chainId == null) {
            return Optional.empty();
        }
        return Optional.of(new NetworkSettings(network, factory, new NetworkConfig(network, chainId, values, secrets), hostValues));
    }

    private static String editableKeys(Map<String, ConfigKey> accepted) {
        String editable = accepted.values().stream().filter(ConfigKey::runtimeEditable).map(ConfigKey::name).sorted().collect(Collectors.joining(", "));
        return editable.isEmpty() ? "(none)" : editable;
    }

    /** Every key a network of {@code factory} accepts: the gateway's own, then the provider's. */
    public List<ConfigKey> acceptedKeys(DiscoveredFactory factory) {
        Map<String, ConfigKey> accepted = new LinkedHashMap<>();
        accepted.put(PROVIDER_KEY, ConfigKey.required(PROVIDER_KEY, "the provider serving this network"));
        accepted.put(CHAIN_ID_KEY, ConfigKey.required(CHAIN_ID_KEY, "the CAIP-2 chain id"));
        hostKeys.forEach(key -> accepted.put(key.name(), key));
        factory.configKeys().forEach(key -> accepted.put(key.name(), key));
        return List.copyOf(accepted.values());
    }

    private static void rejectDuplicateChains(List<NetworkSettings> networks, List<String> problems) {
        Map<String, String> owners = new HashMap<>();
        for (NetworkSettings network : networks) {
            String key = network.factory().providerId() + " " + network.config().chainId();
            String previous = owners.putIfAbsent(key, network.name());
            if (previous != null) {
                problems.add("networks '" + previous + "' and '" + network.name() + "' both use provider '" + network.factory().providerId()
                        + "' on chain " + network.config().chainId() + "; a provider serves each chain once");
            }
        }
    }

    private Optional<String> environmentValue(String network, String key) {
        return Optional.ofNullable(environment.get(environmentName(network, key)));
    }

    private List<String> unknownEnvironmentVariables(String network, List<String> enabled, Set<String> accepted) {
        String prefix = environmentPrefix(network);
        // BILLING_NETWORKS_SOLANA_ must not claim the variables of an enabled network 'solana-devnet'.
        List<String> longerPrefixes = enabled.stream()
                .filter(other -> !other.equals(network))
                .map(NetworkConfigurationReader::environmentPrefix)
                .filter(other -> other.startsWith(prefix))
                .toList();
        Set<String> known = accepted.stream().map(key -> environmentName(network, key)).collect(Collectors.toSet());
        return environment.keySet().stream()
                .filter(variable -> variable.startsWith(prefix))
                .filter(variable -> longerPrefixes.stream().noneMatch(variable::startsWith))
                .filter(variable -> !known.contains(variable))
                .sorted()
                .toList();
    }

    static String environmentName(String network, String key) {
        return environmentPrefix(network) + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    private static String environmentPrefix(String network) {
        return "BILLING_NETWORKS_" + network.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
    }

    private static String installed(Map<String, DiscoveredFactory> factories) {
        return factories.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(factories.keySet()));
    }
}

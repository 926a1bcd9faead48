package io.billinggateway.router;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ChainId;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.NetworkDescription;
import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.SecretResolver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The enabled networks and their providers; resolves a request's network by name or by (providerId, chainId).
 *
 * <p>{@link #start} does everything needed at startup: discovers plugins, validates the configuration of
 * every enabled network, creates one provider per network and checks that each describes itself as
 * configured. It collects every problem before failing, so an operator sees them all at once.
 */
public final class ProviderRouter implements AutoCloseable {
    private final Object replacing = new Object();
    private volatile Map<String, RoutedNetwork> byName;
    private volatile Map<String, RoutedNetwork> byProviderAndChain;
    private final Map<String, NetworkSettings> settingsByName;
    private final List<DiscoveredFactory> factories;
    private final Map<String, DiscoveredFactory> factoriesById;
    private final NetworkConfigurationReader reader;
    private final SecretResolver secretResolver;
    private final ProviderContextFactory contexts;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private ProviderRouter(List<RoutedNetwork> networks, List<NetworkSettings> settings, PluginDiscovery.Result discovery,
                           NetworkConfigurationReader reader, SecretResolver secretResolver, ProviderContextFactory contexts) {
        index(networks);
        this.settingsByName = new java.util.concurrent.ConcurrentHashMap<>();
        settings.forEach(network -> settingsByName.put(network.name(), network));
        this.factories = List.copyOf(discovery.factories());
        this.factoriesById = Map.copyOf(discovery.byProviderId());
        this.reader = reader;
        this.secretResolver = secretResolver;
        this.contexts = contexts;
    }

    private void index(List<RoutedNetwork> networks) {
        Map<String, RoutedNetwork> names = new LinkedHashMap<>();
        Map<String, RoutedNetwork> chains = new LinkedHashMap<>();
        for (RoutedNetwork network : networks) {
            names.put(network.name(), network);
            chains.put(routingKey(network.providerId(), network.chainId()), network);
        }
        this.byName = java.util.Collections.unmodifiableMap(names);
        this.byProviderAndChain = java.util.Collections.unmodifiableMap(chains);
    }

    /** What the host hands the router at startup. */
    public record Settings(
            Path pluginsDirectory,
            Map<String, String> properties,
            Map<String, String> environment,
            List<ConfigKey> hostKeys,
            ClassLoader hostClassLoader,
            ProviderContextFactory contexts,
            NetworkOverrides overrides) {
        /** Settings without run-time overrides. */
        public Settings(Path pluginsDirectory, Map<String, String> properties, Map<String, String> environment, List<ConfigKey> hostKeys,
                        ClassLoader hostClassLoader, ProviderContextFactory contexts) {
            this(pluginsDirectory, properties, environment, hostKeys, hostClassLoader, contexts, NetworkOverrides.NONE);
        }

        public Settings {
            requireNonNull(pluginsDirectory, "pluginsDirectory is null");
            properties = Map.copyOf(requireNonNull(properties, "properties is null"));
            environment = Map.copyOf(requireNonNull(environment, "environment is null"));
            hostKeys = List.copyOf(requireNonNull(hostKeys, "hostKeys is null"));
            requireNonNull(hostClassLoader, "hostClassLoader is null");
            requireNonNull(contexts, "contexts is null");
            requireNonNull(overrides, "overrides is null");
        }
    }

    /**
     * Discovers plugins, validates the enabled networks and creates their providers.
     *
     * @throws RouterConfigurationException with one line per problem; nothing is left running
     */
    public static ProviderRouter start(Settings settings) {
        List<String> problems = new ArrayList<>();
        PluginDiscovery.Result discovery = new PluginDiscovery(settings.hostClassLoader()).discover(settings.pluginsDirectory());
        problems.addAll(discovery.problems());

        SecretResolver secretResolver = new EnvironmentSecretResolver(settings.environment());
        NetworkConfigurationReader reader = new NetworkConfigurationReader(settings.properties(), settings.environment(), secretResolver, settings.hostKeys());
        List<NetworkSettings> networks = List.of();
        try {
            networks = reader.read(discovery.byProviderId(), settings.overrides());
        }
        catch (RouterConfigurationException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new RouterConfigurationException(problems);
        }

        List<RoutedNetwork> routed = new ArrayList<>();
        for (NetworkSettings network : networks) {
            createProvider(network, secretResolver, settings.contexts(), problems)
                    .ifPresent(provider -> routed.add(routed(network, new SwappableBillingProvider(provider))));
        }
        if (!problems.isEmpty()) {
            routed.forEach(network -> network.provider().close());
            throw new RouterConfigurationException(problems);
        }
        return new ProviderRouter(routed, networks, discovery, reader, secretResolver, settings.contexts());
    }

    private static RoutedNetwork routed(NetworkSettings network, SwappableBillingProvider provider) {
        return new RoutedNetwork(network.name(), network.factory().providerId(), network.config().chainId(), network.factory().source(), provider,
                network.hostValues());
    }

    /**
     * A network's configuration as it would be with {@code overrides} (the complete set of run-time values for the
     * network, replacing the previous set), validated and with a provider created from it that serves nothing: for
     * validating a change and probing candidate settings. {@code contextValues} replace host values for the candidate's
     * context only (a scratch data directory, so that the candidate never touches the running provider's state). The
     * caller closes it.
     *
     * @throws RouterConfigurationException one line per problem, each naming its key; nothing is left running
     * @throws NetworkNotFoundException when the network is not enabled
     */
    public PreparedNetwork prepare(String network, Map<String, String> overrides, Map<String, String> contextValues) {
        NetworkSettings settings = read(network, overrides);
        Map<String, String> hostValues = new java.util.HashMap<>(settings.hostValues());
        hostValues.putAll(contextValues);
        NetworkSettings candidate = new NetworkSettings(settings.name(), settings.factory(), settings.config(), hostValues);
        return new PreparedNetwork(settings, create(candidate));
    }

    /**
     * Re-creates a network's provider with {@code overrides} (the complete set of run-time values) and makes it serve
     * every call from now on, between calls: calls already running finish on the previous provider, calls arriving
     * meanwhile wait, the previous provider is closed, and only then is the new one created (see
     * {@link SwappableBillingProvider#replaceStopped}). The two never run side by side, so a provider that locks its data
     * directory, binds a fixed port or owns an account's nonce is safe. Blocks until the swap is done.
     *
     * @throws RouterConfigurationException when the settings are invalid or the provider cannot be created with them;
     *         the network then keeps (or gets back) its previous settings
     */
    public void reconfigure(String network, Map<String, String> overrides) {
        NetworkSettings next = read(network, overrides);
        synchronized (replacing) {
            RoutedNetwork current = resolve(next.name());
            NetworkSettings previous = settings(next.name());
            SwappableBillingProvider swappable = (SwappableBillingProvider) current.provider();
            swappable.replaceStopped(() -> create(next), () -> create(previous), failure -> new UnavailableBillingProvider(next.name(), current.providerId(),
                    "network '" + next.name() + "' could not be re-created with its new settings nor its previous ones; change its settings again"));
            settingsByName.put(next.name(), next);
            List<RoutedNetwork> networks = new ArrayList<>(byName.values());
            networks.replaceAll(routedNetwork -> routedNetwork.name().equals(next.name()) ? routed(next, swappable) : routedNetwork);
            index(networks);
        }
    }

    private NetworkSettings read(String network, Map<String, String> overrides) {
        RoutedNetwork current = resolve(network);
        NetworkSettings settings = reader.readOne(current.name(), factoriesById, overrides);
        if (!settings.config().chainId().equals(current.chainId()) || !settings.factory().providerId().equals(current.providerId())) {
            throw new RouterConfigurationException(List.of("network '" + network + "': its provider and chain cannot change while the gateway runs"));
        }
        return settings;
    }

    private BillingProvider create(NetworkSettings settings) {
        List<String> problems = new ArrayList<>();
        Optional<BillingProvider> provider = createProvider(settings, secretResolver, contexts, problems);
        if (provider.isEmpty()) {
            throw new RouterConfigurationException(problems);
        }
        return provider.get();
    }

    /** The configuration a network's provider runs with now (overrides applied, secrets resolved). */
    public NetworkSettings settings(String network) {
        NetworkSettings settings = settingsByName.get(resolve(network).name());
        return requireNonNull(settings, "settings of an enabled network are missing");
    }

    /** Every key a network accepts (the gateway's own and its provider's), with their declarations. */
    public List<ConfigKey> acceptedKeys(String network) {
        return reader.acceptedKeys(settings(network).factory());
    }

    private static Optional<BillingProvider> createProvider(NetworkSettings network, SecretResolver secretResolver, ProviderContextFactory contexts, List<String> problems) {
        DiscoveredFactory factory = network.factory();
        String prefix = "network '" + network.name() + "' (provider '" + factory.providerId() + "', " + factory.source() + "): ";
        SecretMasker masker = new SecretMasker(network.config().secrets().values());
        BillingProvider created;
        try {
            ProviderContext context = contexts.contextFor(network.name(), factory.providerId(), network.hostValues(), secretResolver);
            created = PluginDiscovery.withContextClassLoader(factory.classLoader(), () -> factory.factory().create(network.config(), context));
        }
        catch (BillingException e) {
            problems.add(prefix + masker.mask(e.getMessage()));
            return Optional.empty();
        }
        catch (RuntimeException | LinkageError e) {
            problems.add(prefix + "create failed: " + masker.mask(PluginDiscovery.describe(e)));
            return Optional.empty();
        }
        if (created == null) {
            problems.add(prefix + "create returned null");
            return Optional.empty();
        }
        BillingProvider provider = new IsolatedBillingProvider(network.name(), factory.providerId(), created, factory.classLoader(), masker);
        List<String> mismatches = checkDescription(network, factory, provider);
        if (!mismatches.isEmpty()) {
            mismatches.forEach(mismatch -> problems.add(prefix + mismatch));
            provider.close();
            return Optional.empty();
        }
        return Optional.of(provider);
    }

    private static List<String> checkDescription(NetworkSettings network, DiscoveredFactory factory, BillingProvider provider) {
        NetworkDescription description;
        try {
            description = provider.describe();
        }
        catch (BillingException e) {
            return List.of("describe() failed: " + e.getMessage());
        }
        if (description == null) {
            return List.of("describe() returned null");
        }
        List<String> mismatches = new ArrayList<>();
        if (!description.network().equals(network.name())) {
            mismatches.add("describe() names network '" + description.network() + "' but it was created for '" + network.name() + "'");
        }
        if (!description.providerId().equals(factory.providerId())) {
            mismatches.add("describe() names provider '" + description.providerId() + "' but its factory is '" + factory.providerId() + "'");
        }
        if (!description.chainId().equals(network.config().chainId())) {
            mismatches.add("describe() names chain " + description.chainId() + " but the network is configured for " + network.config().chainId());
        }
        Set<Capability> undeclared = new TreeSet<>(description.capabilities());
        undeclared.removeAll(factory.capabilities());
        if (!undeclared.isEmpty()) {
            mismatches.add("describe() claims capabilities " + undeclared + " that the factory does not declare");
        }
        return mismatches;
    }

    /** The enabled networks in configuration order. */
    public List<RoutedNetwork> networks() {
        return List.copyOf(byName.values());
    }

    /** Every factory that loaded, whether or not a network uses it. */
    public List<DiscoveredFactory> installedFactories() {
        return factories;
    }

    /** @throws NetworkNotFoundException listing the registered networks */
    public RoutedNetwork resolve(String network) {
        requireNonNull(network, "network is null");
        RoutedNetwork routed = byName.get(network);
        if (routed == null) {
            throw new NetworkNotFoundException("network '" + network + "'", registered());
        }
        return routed;
    }

    /**
     * Resolves by provider and chain. A bare EVM chain number is accepted ({@code 56} means {@code eip155:56}).
     *
     * @throws NetworkNotFoundException listing the registered networks
     */
    public RoutedNetwork resolve(String providerId, String chainId) {
        requireNonNull(providerId, "providerId is null");
        requireNonNull(chainId, "chainId is null");
        ChainId parsed;
        try {
            parsed = ChainId.parse(chainId);
        }
        catch (IllegalArgumentException e) {
            throw new NetworkNotFoundException("provider '" + providerId + "' on chain '" + chainId + "' (" + e.getMessage() + ")", registered());
        }
        RoutedNetwork routed = byProviderAndChain.get(routingKey(providerId, parsed));
        if (routed == null) {
            throw new NetworkNotFoundException("provider '" + providerId + "' on chain " + parsed, registered());
        }
        return routed;
    }

    /** Resolves by chain alone when exactly one enabled network is on it. */
    public RoutedNetwork resolveByChain(String chainId) {
        ChainId parsed;
        try {
            parsed = ChainId.parse(chainId);
        }
        catch (IllegalArgumentException e) {
            throw new NetworkNotFoundException("chain '" + chainId + "' (" + e.getMessage() + ")", registered());
        }
        List<RoutedNetwork> matches = byName.values().stream().filter(network -> network.chainId().equals(parsed)).toList();
        if (matches.size() != 1) {
            throw new NetworkNotFoundException("chain " + parsed + (matches.isEmpty() ? "" : " unambiguously (" + matches.size() + " providers serve it; give the providerId)"), registered());
        }
        return matches.getFirst();
    }

    private List<String> registered() {
        return byName.values().stream().map(RoutedNetwork::label).toList();
    }

    private static String routingKey(String providerId, ChainId chainId) {
        return providerId + " " + chainId;
    }

    /** Closes every provider; safe to call more than once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            synchronized (replacing) {
                byName.values().forEach(network -> network.provider().close());
            }
        }
    }
}

package io.billinggateway.gateway.networksettings;

import io.billinggateway.gateway.audit.AuditLog;
import io.billinggateway.gateway.charge.LaneSettings;
import io.billinggateway.gateway.network.BillingSettings;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.persistence.Json;
import io.billinggateway.gateway.problem.UnprocessableRequestException;
import io.billinggateway.router.NetworkSettings;
import io.billinggateway.router.PreparedNetwork;
import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.router.RouterConfigurationException;
import io.billinggateway.router.UrlCredentials;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.NetworkDescription;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Reads, changes and probes a network's run-time settings. A change is validated the way the network's provider
 * validates its configuration, by creating a provider with the merged configuration; only then is it saved (with its
 * journal entry and audit entry, in one transaction) and the prepared provider installed in this process. Other
 * processes follow through {@link NetworkSettingsWatcher}.
 */
@Singleton
final class NetworkSettingsService {
    /** Shown in place of a secret's reference in diffs and audit entries. */
    static final String SECRET = "(secret)";
    /** The gateway's per-network key naming a provider's data directory ({@code ProviderRouterFactory.DATA_DIR}). */
    private static final String DATA_DIR_KEY = "data-dir";
    private static final Logger LOG = LoggerFactory.getLogger(NetworkSettingsService.class);
    private static final Set<String> IDENTITY_KEYS = Set.of("provider", "chain-id");

    private final ProviderRouter router;
    private final NetworkSettingsStore store;
    private final NetworkSettingsWatcher watcher;
    private final AppliedVersions applied;
    private final AuditLog audit;
    private final Database database;
    private final Json json;
    private final Clock clock;
    private final Path dataDir;

    @SuppressWarnings("java:S107") // the collaborators of one service, injected
    NetworkSettingsService(ProviderRouter router, NetworkSettingsStore store, NetworkSettingsWatcher watcher, AppliedVersions applied, AuditLog audit,
                           Database database, Json json, Clock clock, BillingSettings billingSettings) {
        this.router = requireNonNull(router, "router is null");
        this.store = requireNonNull(store, "store is null");
        this.watcher = requireNonNull(watcher, "watcher is null");
        this.applied = requireNonNull(applied, "applied is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.database = requireNonNull(database, "database is null");
        this.json = requireNonNull(json, "json is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.dataDir = requireNonNull(billingSettings, "billingSettings is null").dataDir();
    }

    /** The settings in force in this process, each with where its value comes from. */
    NetworkSettingsViews.Settings read(String network) {
        RoutedNetwork routed = router.resolve(network);
        NetworkSettings settings = router.settings(routed.name());
        NetworkSettingsStore.Saved saved = store.load(routed.name());
        List<NetworkSettingsViews.Setting> entries = new ArrayList<>();
        for (ConfigKey key : router.acceptedKeys(routed.name())) {
            if (IDENTITY_KEYS.contains(key.name())) {
                continue;
            }
            String source = saved.overrides().containsKey(key.name()) ? NetworkSettingsViews.DATABASE : NetworkSettingsViews.CONFIGURATION;
            if (key.secret()) {
                entries.add(new NetworkSettingsViews.Setting(key.name(), null, true, settings.config().secret(key.name()).isPresent(), source,
                        key.runtimeEditable(), key.description()));
            }
            else {
                String value = Optional.ofNullable(settings.hostValues().get(key.name())).orElse(settings.config().values().get(key.name()));
                entries.add(new NetworkSettingsViews.Setting(key.name(), value == null ? null : UrlCredentials.redact(value), false, value != null, source,
                        key.runtimeEditable(), key.description()));
            }
        }
        return new NetworkSettingsViews.Settings(routed.name(), routed.providerId(), routed.chainId().toString(), saved.version(),
                applied.of(routed.name()), entries);
    }

    /**
     * Validates, saves and installs a change made by {@code actor}.
     *
     * @throws BillingException {@link ErrorCode#CONFLICT} when {@code expectedVersion} is not the current version
     * @throws UnprocessableRequestException naming the keys the network refuses
     */
    NetworkSettingsViews.Settings save(String actor, String network, long expectedVersion, SettingsChange.Input input) {
        String name = router.resolve(network).name();
        List<ConfigKey> accepted = router.acceptedKeys(name);
        SettingsChange change = SettingsChange.of(input.entries(), accepted);
        NetworkSettingsStore.Saved current = store.load(name);
        if (current.version() != expectedVersion) {
            throw stale(name, expectedVersion, current.version());
        }
        Map<String, String> next = change.applyTo(current.overrides());
        withCandidate(name, next, candidate -> {
            checkHostSettings(candidate);
            return null;
        });
        List<NetworkSettingsViews.Difference> diff = difference(accepted, current.overrides(), next);
        database.inTransaction(connection -> {
            long saved = store.save(new NetworkSettingsStore.Change(name, expectedVersion, next, actor, clock.instant(), json.write(diff), input.reason()));
            audit.record(actor, "network-settings.update", "network", name, masked(accepted, current.overrides()), masked(accepted, next));
            return saved;
        });
        watcher.refresh(name);
        return read(name);
    }

    /** Creates a provider with the candidate settings, asks it for its health, and closes it; saves nothing. */
    NetworkSettingsViews.TestResult test(String network, SettingsChange.Input input) {
        String name = router.resolve(network).name();
        SettingsChange change = SettingsChange.of(input.entries(), router.acceptedKeys(name));
        Map<String, String> candidate = change.applyTo(store.load(name).overrides());
        return withCandidate(name, candidate, prepared -> {
            checkHostSettings(prepared);
            NetworkDescription description = prepared.provider().describe();
            HealthReport health = prepared.provider().health();
            Long latency = health.latency().map(Duration::toMillis).orElse(null);
            String endpoint = health.activeEndpoint().map(UrlCredentials::redact).orElse(null);
            boolean reachable = health.status() != HealthReport.Status.DOWN;
            String message = reachable
                    ? "network '" + name + "' answered" + (endpoint == null ? "" : " at " + endpoint) + (latency == null ? "" : " in " + latency + " ms")
                            + " as chain " + description.chainId() + (health.status() == HealthReport.Status.DEGRADED ? ", degraded" : "")
                    : "network '" + name + "' is not reachable with these settings: " + health.details().getOrDefault("reason", "the provider reports it down");
            return new NetworkSettingsViews.TestResult(reachable, health.status().name(), oneLine(UrlCredentials.redact(message)), endpoint, latency);
        });
    }

    List<NetworkSettingsViews.HistoryEntry> history(String network, int limit) {
        String name = router.resolve(network).name();
        return store.history(name, limit).stream()
                .map(entry -> new NetworkSettingsViews.HistoryEntry(entry.version(), entry.changedBy(), entry.changedAt(),
                        List.of(json.read(entry.diff(), NetworkSettingsViews.Difference[].class)), entry.reason()))
                .toList();
    }

    /**
     * Creates a candidate provider with {@code overrides}, hands it to {@code use} and closes it. The candidate runs in
     * a scratch data directory, deleted afterwards, so that it never shares (or locks) the running provider's state.
     *
     * @throws UnprocessableRequestException naming the keys the network refuses
     */
    private <T> T withCandidate(String network, Map<String, String> overrides, Function<PreparedNetwork, T> use) {
        Path scratch = dataDir.resolve("candidates").resolve(UUID.randomUUID().toString());
        try (PreparedNetwork candidate = router.prepare(network, overrides, Map.of(DATA_DIR_KEY, scratch.toString()))) {
            return use.apply(candidate);
        }
        catch (RouterConfigurationException e) {
            throw refused(String.join("; ", e.problems()));
        }
        catch (BillingException e) {
            if (e.code() == ErrorCode.CONFIGURATION_INVALID) {
                throw refused(e.getMessage());
            }
            throw e;
        }
        finally {
            deleteQuietly(scratch);
        }
    }

    /** The gateway's own keys (charge lane settings) are checked the way the lanes read them. */
    private static void checkHostSettings(PreparedNetwork candidate) {
        NetworkSettings settings = candidate.settings();
        RoutedNetwork routed = new RoutedNetwork(settings.name(), settings.factory().providerId(), settings.config().chainId(), settings.factory().source(),
                candidate.provider(), settings.hostValues());
        try {
            LaneSettings.of(routed);
        }
        catch (IllegalArgumentException e) {
            throw refused(e.getMessage());
        }
    }

    private static UnprocessableRequestException refused(String problems) {
        return new UnprocessableRequestException(SettingsChange.SETTING_INVALID, oneLine(UrlCredentials.redact(problems)));
    }

    private static void deleteQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete the candidate directory {}: {}", directory, e.toString());
        }
    }

    private static List<NetworkSettingsViews.Difference> difference(List<ConfigKey> accepted, Map<String, String> before, Map<String, String> after) {
        Map<String, ConfigKey> declared = new LinkedHashMap<>();
        accepted.forEach(key -> declared.put(key.name(), key));
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<NetworkSettingsViews.Difference> diff = new ArrayList<>();
        for (String key : keys) {
            String from = before.get(key);
            String to = after.get(key);
            if (!Objects.equals(from, to)) {
                boolean secret = declared.containsKey(key) && declared.get(key).secret();
                diff.add(new NetworkSettingsViews.Difference(key, secret && from != null ? SECRET : redact(from), secret && to != null ? SECRET : redact(to)));
            }
        }
        return diff;
    }

    private static Map<String, String> masked(List<ConfigKey> accepted, Map<String, String> overrides) {
        Map<String, String> masked = new java.util.TreeMap<>();
        Set<String> secrets = new java.util.HashSet<>();
        accepted.stream().filter(ConfigKey::secret).forEach(key -> secrets.add(key.name()));
        overrides.forEach((key, value) -> masked.put(key, secrets.contains(key) ? SECRET : UrlCredentials.redact(value)));
        return masked;
    }

    private static String redact(String value) {
        return value == null ? null : UrlCredentials.redact(value);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private static BillingException stale(String network, long expected, long current) {
        return new BillingException(ErrorCode.CONFLICT, "the settings of network '" + network + "' are at version " + current + ", not " + expected
                + ": someone changed them since you read them; read them again and apply your change to version " + current);
    }
}

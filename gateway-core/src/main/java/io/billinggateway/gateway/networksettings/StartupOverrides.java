package io.billinggateway.gateway.networksettings;

import io.billinggateway.router.NetworkOverrides;
import jakarta.inject.Singleton;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The saved overrides the router starts with, so that a process started after a change runs the changed settings from
 * its first call (and its charge lanes start with them). Reading them records their versions as applied.
 */
@Singleton
public final class StartupOverrides {
    private final NetworkSettingsStore store;
    private final AppliedVersions applied;

    StartupOverrides(NetworkSettingsStore store, AppliedVersions applied) {
        this.store = requireNonNull(store, "store is null");
        this.applied = requireNonNull(applied, "applied is null");
    }

    /** Reads every network's saved overrides once; the versions read count as applied. */
    public NetworkOverrides load() {
        Map<String, NetworkSettingsStore.Saved> saved = store.all();
        saved.forEach((network, settings) -> applied.record(network, settings.version()));
        return network -> saved.getOrDefault(network, NetworkSettingsStore.Saved.NONE).overrides();
    }
}

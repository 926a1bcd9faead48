package io.billinggateway.gateway.networksettings;

import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which version of each network's overrides this process runs with: recorded when the router starts with the saved
 * overrides and whenever a new version is installed. Kept apart from the watcher so that the router's factory, which the
 * watcher depends on, can record the startup versions.
 */
@Singleton
public final class AppliedVersions {
    private final Map<String, Long> versions = new ConcurrentHashMap<>();

    /** Version 0: the network runs with its configuration files only. */
    public long of(String network) {
        return versions.getOrDefault(network, 0L);
    }

    public void record(String network, long version) {
        versions.put(network, version);
    }
}

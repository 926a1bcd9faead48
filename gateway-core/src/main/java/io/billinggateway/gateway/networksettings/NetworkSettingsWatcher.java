package io.billinggateway.gateway.networksettings;

import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.router.RouterConfigurationException;
import io.billinggateway.spi.BillingException;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Keeps this process on the newest saved settings of every network: every {@code billing.network-settings.poll-interval}
 * (5 seconds by default) it reads the networks' versions, one small query, and re-creates the provider of each network
 * whose version moved, with its configuration files merged with the saved overrides. The router swaps the provider
 * between calls (calls in progress finish on the old one). A version that cannot be applied here (a value that another
 * process accepted but this one's configuration files make invalid) is logged once and the network keeps running with
 * what it had.
 */
@Singleton
public class NetworkSettingsWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkSettingsWatcher.class);

    private final ProviderRouter router;
    private final NetworkSettingsStore store;
    private final AppliedVersions applied;
    private final Map<String, Long> refused = new ConcurrentHashMap<>();
    private final Object installing = new Object();

    NetworkSettingsWatcher(ProviderRouter router, NetworkSettingsStore store, AppliedVersions applied) {
        this.router = requireNonNull(router, "router is null");
        this.store = requireNonNull(store, "store is null");
        this.applied = requireNonNull(applied, "applied is null");
    }

    @Scheduled(fixedDelay = "${billing.network-settings.poll-interval:5s}", initialDelay = "${billing.network-settings.poll-interval:5s}")
    void poll() {
        Map<String, Long> versions;
        try {
            versions = store.versions();
        }
        catch (RuntimeException e) {
            LOG.warn("cannot read the versions of the network settings: {}", e.getMessage());
            return;
        }
        for (RoutedNetwork network : router.networks()) {
            long saved = versions.getOrDefault(network.name(), 0L);
            if (saved != applied.of(network.name()) && !refused.getOrDefault(network.name(), -1L).equals(saved)) {
                refresh(network.name());
            }
        }
    }

    /**
     * Installs the saved settings of a network unless this process already runs them. Called by the poll and, right
     * after a change is saved, by the process that saved it.
     */
    void refresh(String network) {
        synchronized (installing) {
            NetworkSettingsStore.Saved saved = store.load(network);
            if (saved.version() == applied.of(network)) {
                return;
            }
            try {
                router.reconfigure(network, saved.overrides());
                applied.record(network, saved.version());
                refused.remove(network);
                LOG.info("network {} now runs with settings version {}", network, saved.version());
            }
            catch (RouterConfigurationException e) {
                refused.put(network, saved.version());
                LOG.error("network {}: settings version {} cannot be applied in this process, it keeps version {}: {}", network, saved.version(),
                        applied.of(network), String.join("; ", e.problems()));
            }
            catch (BillingException e) {
                refused.put(network, saved.version());
                LOG.error("network {}: settings version {} cannot be applied in this process, it keeps version {}: {}", network, saved.version(),
                        applied.of(network), e.getMessage());
            }
        }
    }
}

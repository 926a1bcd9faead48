package io.billinggateway.gateway.networksettings;

import io.billinggateway.gateway.persistence.DataAccessException;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The operators' overrides of each network ({@code billing_network_settings}), their version
 * ({@code billing_network_settings_version}) and the change journal ({@code billing_network_settings_history}). A network
 * nobody changed has version 0 and no overrides.
 */
@Singleton
final class NetworkSettingsStore {
    private final Database database;

    NetworkSettingsStore(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /** A network's overrides as saved, with the version that names them. */
    record Saved(long version, Map<String, String> overrides) {
        static final Saved NONE = new Saved(0, Map.of());

        Saved {
            overrides = Map.copyOf(requireNonNull(overrides, "overrides is null"));
        }
    }

    /** One saved change. {@code diff} is JSON, secrets already hidden. */
    record HistoryEntry(long version, String changedBy, Instant changedAt, String diff, String reason) {
    }

    /** One change to save: the version it was based on and the complete set of overrides after it. */
    record Change(String network, long expectedVersion, Map<String, String> overrides, String actor, Instant at, String diff, String reason) {
        Change {
            requireNonNull(network, "network is null");
            overrides = Map.copyOf(requireNonNull(overrides, "overrides is null"));
            requireNonNull(actor, "actor is null");
            requireNonNull(at, "at is null");
            requireNonNull(diff, "diff is null");
            requireNonNull(reason, "reason is null");
        }
    }

    /** The current version of every network that was ever changed. */
    Map<String, Long> versions() {
        return database.inTransaction(connection -> {
            Map<String, Long> versions = new HashMap<>();
            database.query("SELECT network, version FROM billing_network_settings_version",
                    row -> versions.put(row.getString("network"), row.getLong("version")));
            return versions;
        });
    }

    /** Every changed network's overrides; read once at startup. */
    Map<String, Saved> all() {
        return database.inTransaction(connection -> {
            Map<String, Saved> saved = new HashMap<>();
            versions().keySet().forEach(network -> saved.put(network, load(network)));
            return saved;
        });
    }

    Saved load(String network) {
        return database.inTransaction(connection -> {
            long version = database.queryOne("SELECT version FROM billing_network_settings_version WHERE network = ?",
                    row -> row.getLong("version"), network).orElse(0L);
            Map<String, String> overrides = new TreeMap<>();
            database.query("SELECT setting, setting_value FROM billing_network_settings WHERE network = ?",
                    row -> overrides.put(row.getString("setting"), row.getString("setting_value")), network);
            return new Saved(version, overrides);
        });
    }

    /**
     * Saves a change in the caller's transaction and returns its version.
     *
     * @throws BillingException {@link ErrorCode#CONFLICT} when the network's version is no longer the one the change was based on
     */
    long save(Change change) {
        long next = change.expectedVersion() + 1;
        int updated = database.update("""
                UPDATE billing_network_settings_version SET version = ?, changed_by = ?, changed_at = ? WHERE network = ? AND version = ?""",
                next, change.actor(), change.at(), change.network(), change.expectedVersion());
        if (updated == 0) {
            if (change.expectedVersion() != 0 || load(change.network()).version() != 0) {
                throw stale(change);
            }
            try {
                database.update("INSERT INTO billing_network_settings_version (network, version, changed_by, changed_at) VALUES (?, ?, ?, ?)",
                        change.network(), next, change.actor(), change.at());
            }
            catch (DataAccessException e) {
                if (e.isUniqueViolation()) {
                    throw stale(change);
                }
                throw e;
            }
        }
        database.update("DELETE FROM billing_network_settings WHERE network = ?", change.network());
        change.overrides().forEach((setting, value) -> database.update("""
                INSERT INTO billing_network_settings (network, setting, setting_value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)""",
                change.network(), setting, value, change.actor(), change.at()));
        database.update("""
                INSERT INTO billing_network_settings_history (network, version, changed_by, changed_at, diff, reason) VALUES (?, ?, ?, ?, ?, ?)""",
                change.network(), next, change.actor(), change.at(), change.diff(), change.reason());
        return next;
    }

    /** The network's changes, newest first, at most {@code limit}. */
    List<HistoryEntry> history(String network, int limit) {
        return database.inTransaction(connection -> database.query("""
                SELECT version, changed_by, changed_at, diff, reason FROM billing_network_settings_history
                WHERE network = ? ORDER BY version DESC FETCH FIRST %d ROWS ONLY""".formatted(limit),
                row -> new HistoryEntry(row.getLong("version"), row.getString("changed_by"), Database.instant(row, "changed_at"), row.getString("diff"),
                        row.getString("reason")),
                network));
    }

    private static BillingException stale(Change change) {
        return new BillingException(ErrorCode.CONFLICT, "the settings of network '" + change.network() + "' changed since version "
                + change.expectedVersion() + " was read; read them again and apply your change to the current version");
    }
}

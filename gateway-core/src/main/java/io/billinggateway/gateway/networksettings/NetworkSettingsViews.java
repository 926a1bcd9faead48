package io.billinggateway.gateway.networksettings;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** What the network settings endpoints answer. */
final class NetworkSettingsViews {
    /** The value comes from the configuration files, environment variables, a preset or the key's default. */
    static final String CONFIGURATION = "configuration";
    /** The value is an operator's override saved through the API. */
    static final String DATABASE = "database";

    private NetworkSettingsViews() {
    }

    /**
     * A network's settings.
     *
     * @param version the saved version; a change sends it back
     * @param appliedVersion the version this gateway process runs with; behind {@code version} for at most the poll interval
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Settings(String network, String providerId, String chainId, long version, long appliedVersion, List<Setting> settings) {
    }

    /**
     * One key. A secret's value is never shown: {@code set} tells whether it has one.
     *
     * @param value the value in force in this process, credentials in URLs masked; absent for a secret or an unset key
     * @param source {@value #CONFIGURATION} or {@value #DATABASE}
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Setting(String key, @Nullable String value, boolean secret, boolean set, String source, boolean editable, String description) {
    }

    /**
     * What probing candidate settings found.
     *
     * @param ok whether the node or PSP answered (status UP or DEGRADED)
     * @param message one line: where it answered and how fast, or what failed; never credentials
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TestResult(boolean ok, String status, String message, String activeEndpoint, Long latencyMillis) {
    }

    /** One changed key of a saved change; {@code from} or {@code to} is null where the key had or has no override. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Difference(String key, @Nullable String from, @Nullable String to) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record HistoryEntry(long version, String changedBy, Instant changedAt, List<Difference> diff, String reason) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record History(String network, List<HistoryEntry> items) {
    }
}

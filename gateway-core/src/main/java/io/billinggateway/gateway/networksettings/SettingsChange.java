package io.billinggateway.gateway.networksettings;

import io.billinggateway.gateway.problem.InvalidRequestException;
import io.billinggateway.gateway.problem.UnprocessableRequestException;
import io.billinggateway.spi.ConfigKey;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The keys an operator asks to change, checked against the network's declarations before any provider sees them: each
 * key must be declared and editable at run time, a secret key takes only a reference ({@code env:NAME} or
 * {@code file:/path}), and an empty value is refused ({@code null} returns a key to its configuration files' value).
 *
 * @param values new value by key; an empty {@link Optional} removes the key's override
 */
record SettingsChange(Map<String, Optional<String>> values) {
    /** The problem type of a refused key: {@code /problems/setting-invalid}. */
    static final String SETTING_INVALID = "SETTING_INVALID";
    private static final Pattern SECRET_REFERENCE = Pattern.compile("(env:[A-Za-z_][A-Za-z0-9_]*|file:/\\S+)");

    SettingsChange {
        values = Map.copyOf(requireNonNull(values, "values is null"));
    }

    /** One entry of a request body's {@code settings} list; a null value returns the key to its configuration files' value. */
    record Entry(String key, String value) {
    }

    /** What a request asks: the entries, and for a saved change why it is made (empty for a test). */
    record Input(List<Entry> entries, String reason) {
        Input {
            entries = List.copyOf(requireNonNull(entries, "entries is null"));
            requireNonNull(reason, "reason is null");
        }
    }

    /**
     * @throws InvalidRequestException when a key is missing or given twice (the body's shape)
     * @throws UnprocessableRequestException naming every key that cannot be set as asked
     */
    static SettingsChange of(List<Entry> entries, List<ConfigKey> accepted) {
        InvalidRequestException.Collector shape = new InvalidRequestException.Collector();
        Map<String, Optional<String>> values = new LinkedHashMap<>();
        for (int index = 0; index < entries.size(); index++) {
            Entry entry = entries.get(index);
            if (entry == null || entry.key() == null) {
                shape.add("settings[" + index + "].key", "is required");
            }
            else if (values.containsKey(entry.key())) {
                shape.add("settings[" + index + "].key", "'" + entry.key() + "' is given twice");
            }
            else {
                values.put(entry.key(), Optional.ofNullable(entry.value()));
            }
        }
        shape.throwIfAny();

        Map<String, ConfigKey> declared = new LinkedHashMap<>();
        accepted.forEach(key -> declared.put(key.name(), key));
        String editable = String.join(", ", accepted.stream().filter(ConfigKey::runtimeEditable).map(ConfigKey::name).sorted().toList());
        List<String> problems = new java.util.ArrayList<>();
        values.forEach((name, value) -> {
            ConfigKey key = declared.get(name);
            if (key == null) {
                problems.add("key '" + name + "' is not a setting of this network; editable keys: " + editable);
            }
            else if (!key.runtimeEditable()) {
                problems.add("key '" + name + "' cannot be changed at run time (change it in the configuration files and restart); editable keys: " + editable);
            }
            else if (value.isPresent() && value.get().isBlank()) {
                problems.add("key '" + name + "' is empty; send null to return it to the configuration files' value");
            }
            else if (value.isPresent() && key.secret() && !SECRET_REFERENCE.matcher(value.get().strip()).matches()) {
                problems.add("key '" + name + "' is a secret: give a reference env:NAME or file:/path, never the secret itself");
            }
        });
        if (!problems.isEmpty()) {
            throw new UnprocessableRequestException(SETTING_INVALID, String.join("; ", problems));
        }
        return new SettingsChange(values);
    }

    /** The complete set of overrides after this change is applied to {@code current}. */
    Map<String, String> applyTo(Map<String, String> current) {
        Map<String, String> next = new TreeMap<>(current);
        values.forEach((key, value) -> value.ifPresentOrElse(text -> next.put(key, text.strip()), () -> next.remove(key)));
        return next;
    }
}

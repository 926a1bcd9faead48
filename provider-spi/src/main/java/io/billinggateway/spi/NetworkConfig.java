package io.billinggateway.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The validated configuration of one network, as handed to {@link BillingProviderFactory#create}.
 *
 * <p>By the time a provider sees it, every required key is present, no undeclared key is set, defaults
 * are applied and secrets are resolved. {@link #toString()} masks secrets.
 *
 * @param network the operator's name for the network ({@code bsc}, {@code fiat})
 * @param chainId the network's chain
 * @param values plain (non-secret) values by key name, defaults applied
 * @param secrets resolved secret values by key name
 */
public record NetworkConfig(String network, ChainId chainId, Map<String, String> values, Map<String, Secret> secrets) {
    public NetworkConfig {
        requireNonNull(network, "network is null");
        requireNonNull(chainId, "chainId is null");
        values = Map.copyOf(requireNonNull(values, "values is null"));
        secrets = Map.copyOf(requireNonNull(secrets, "secrets is null"));
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** @throws BillingException {@link ErrorCode#CONFIGURATION_INVALID} naming the key when it is absent */
    public String require(String key) {
        return get(key).orElseThrow(() -> invalid(key, "is not set"));
    }

    /** A comma-separated value as a list of trimmed, non-empty items (empty when the key is absent). */
    public List<String> getList(String key) {
        return get(key)
                .map(value -> Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList())
                .orElse(List.of());
    }

    public Optional<Integer> getInt(String key) {
        return get(key).map(value -> {
            try {
                return Integer.parseInt(value.strip());
            }
            catch (NumberFormatException e) {
                throw invalid(key, "must be an integer, got '" + value + "'");
            }
        });
    }

    /** An ISO-8601 duration ({@code PT30S}) or a number with a unit suffix ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}). */
    public Optional<Duration> getDuration(String key) {
        return get(key).map(value -> parseDuration(key, value.strip()));
    }

    public Optional<Secret> secret(String key) {
        return Optional.ofNullable(secrets.get(key));
    }

    /** @throws BillingException {@link ErrorCode#CONFIGURATION_INVALID} naming the key when it is absent */
    public Secret requireSecret(String key) {
        return secret(key).orElseThrow(() -> invalid(key, "is not set"));
    }

    private BillingException invalid(String key, String problem) {
        return new BillingException(ErrorCode.CONFIGURATION_INVALID, "network '" + network + "': billing.networks." + network + "." + key + " " + problem);
    }

    private Duration parseDuration(String key, String value) {
        try {
            if (value.startsWith("P") || value.startsWith("p")) {
                return Duration.parse(value);
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new NumberFormatException(value);
            };
        }
        catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw invalid(key, "must be a duration such as PT30S, 500ms, 30s, 5m or 1h, got '" + value + "'");
        }
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>(values);
        secrets.forEach((key, secret) -> shown.put(key, secret.toString()));
        return "NetworkConfig[network=" + network + ", chainId=" + chainId + ", values=" + shown + "]";
    }
}

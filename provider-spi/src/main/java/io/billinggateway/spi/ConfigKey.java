package io.billinggateway.spi;

import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One configuration key a factory accepts for each of its networks, set by operators as
 * {@code billing.networks.<network>.<name>} or {@code BILLING_NETWORKS_<NETWORK>_<NAME>}.
 *
 * <p>The gateway rejects a network whose configuration lacks a required key or sets a key nobody
 * declared, before {@link BillingProviderFactory#create} is called. A secret key's value must be a
 * reference ({@code env:NAME} or {@code file:/path}); the gateway resolves it and hands the provider a
 * {@link Secret}, and never prints the value.
 *
 * <p>A key declared {@linkplain #runtimeEditable() editable at run time} may be overridden by operators through the
 * gateway's network settings API while the gateway runs. The host then lets the old provider's calls in progress
 * return (holding new calls back), closes it, and calls {@link BillingProviderFactory#create} again with the merged
 * configuration; the two providers never run side by side. It may also create a provider with candidate values in a
 * scratch data directory, to validate them or probe {@link BillingProvider#health()}, and close it. A provider
 * therefore declares a key editable only when a new provider created with the new value can take over from the old
 * one: RPC endpoints, timeouts, confirmations, fee caps, batch limits. Keys that identify the network's state (contract addresses, start block, keys that own a nonce) stay
 * file-only. An editable secret key is still a reference; the host never returns it or its value.
 *
 * @param name lower-case kebab-case, e.g. {@code rpc-urls}, {@code webhook-secret}
 * @param description one line for operators; shown in startup errors and documentation
 * @param defaultValue used when the key is absent; never present for a secret
 * @param runtimeEditable whether operators may change the key while the gateway runs; {@code @since 1.3}
 */
public record ConfigKey(String name, boolean required, boolean secret, String description, Optional<String> defaultValue, boolean runtimeEditable) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public ConfigKey {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(defaultValue, "defaultValue is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("config key must be lower-case kebab-case, got '" + name + "'");
        }
        if (secret && defaultValue.isPresent()) {
            throw new IllegalArgumentException("secret config key '" + name + "' must not have a default value");
        }
        if (required && defaultValue.isPresent()) {
            throw new IllegalArgumentException("config key '" + name + "' is required and so cannot have a default value");
        }
    }

    /** A key that is not editable at run time: the constructor of SPI 1.2 and earlier. */
    public ConfigKey(String name, boolean required, boolean secret, String description, Optional<String> defaultValue) {
        this(name, required, secret, description, defaultValue, false);
    }

    /**
     * This key, editable at run time (see the class comment for what that promises).
     *
     * @since 1.3
     */
    public ConfigKey editableAtRuntime() {
        return new ConfigKey(name, required, secret, description, defaultValue, true);
    }

    public static ConfigKey required(String name, String description) {
        return new ConfigKey(name, true, false, description, Optional.empty());
    }

    public static ConfigKey optional(String name, String defaultValue, String description) {
        return new ConfigKey(name, false, false, description, Optional.of(defaultValue));
    }

    public static ConfigKey optional(String name, String description) {
        return new ConfigKey(name, false, false, description, Optional.empty());
    }

    public static ConfigKey requiredSecret(String name, String description) {
        return new ConfigKey(name, true, true, description, Optional.empty());
    }

    public static ConfigKey optionalSecret(String name, String description) {
        return new ConfigKey(name, false, true, description, Optional.empty());
    }
}

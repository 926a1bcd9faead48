package io.billinggateway.spi;

import java.util.List;
import java.util.Set;

/**
 * The entry point of a provider plugin, found by {@link java.util.ServiceLoader}.
 *
 * <p>Register the implementation in {@code META-INF/services/io.billinggateway.spi.BillingProviderFactory}.
 * It must have a public no-argument constructor, do no work in its constructor or static initialiser
 * (no network, no threads), and be stateless: the host may instantiate it more than once and calls its
 * methods from any thread. Everything stateful lives in the {@link BillingProvider} that
 * {@link #create} returns, one per network.
 */
public interface BillingProviderFactory {
    /**
     * The provider's id, unique among all installed plugins: lower-case letters, digits and dashes,
     * 2 to 32 characters, starting with a letter ({@code evm}, {@code mock-fiat}). Operators write it as
     * {@code billing.networks.<network>.provider}. Must never change between releases of a plugin.
     */
    String providerId();

    /**
     * The SPI version this plugin was compiled against. Implement it as {@code return SpiVersion.CURRENT;}
     * so that the compiler records the version; see {@link SpiVersion}. The host refuses to load a plugin
     * whose version it {@linkplain SpiVersion#canLoad cannot load}.
     */
    String spiVersion();

    /**
     * Everything a provider of this factory can do on some network. A provider's
     * {@link NetworkDescription#capabilities()} must be a subset. Implications are added by the host
     * ({@link Capability#closure}).
     */
    Set<Capability> capabilities();

    /**
     * Every configuration key a network of this provider accepts. The host also accepts its own keys
     * ({@code provider}, {@code chain-id}, and worker settings) and rejects any other key, so a typo in an
     * operator's configuration stops startup instead of being ignored.
     */
    List<ConfigKey> configKeys();

    /**
     * Creates the provider of one network. Called once per configured network, at startup, on the main
     * thread, with the plugin's class loader as the thread's context class loader.
     *
     * <p>May open clients but should not block for long on an unreachable counterpart: a network that is
     * down at startup is reported through {@link BillingProvider#health()}, not by failing here.
     *
     * @throws BillingException with {@link ErrorCode#CONFIGURATION_INVALID} naming the key when a value is
     *         present but unusable (a malformed address, an unknown token); the host prints the message and exits
     */
    BillingProvider create(NetworkConfig config, ProviderContext context);
}

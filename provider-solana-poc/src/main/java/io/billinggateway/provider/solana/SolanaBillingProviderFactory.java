package io.billinggateway.provider.solana;

import io.billinggateway.spi.BillingProvider;
import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.NetworkConfig;
import io.billinggateway.spi.ProviderContext;
import io.billinggateway.spi.SpiVersion;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The Solana Pay proof of concept ({@code solana-poc}): one-time payments as Solana Pay transfer requests, in SOL or
 * one SPL token, confirmed by polling a Solana JSON-RPC node for transfers that carry the checkout's reference key.
 * See the module's README for the configuration keys and the confirmation rules.
 */
public final class SolanaBillingProviderFactory implements BillingProviderFactory {
    public static final String PROVIDER_ID = "solana-poc";

    /**
     * What is real here: a payer pushes a one-time transfer, and the gateway learns of it by polling. Not declared:
     * recurring charges (a Solana wallet cannot be pulled from without a delegate or a program), refunds (sending
     * money back needs the merchant's signing key, which this provider never holds) and webhooks (nothing pushes).
     */
    static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.ONE_TIME_PAYMENT, Capability.EVENT_POLLING));

    @Override
    public String providerId() {
        return PROVIDER_ID;
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return SolanaSettings.KEYS;
    }

    /** Opens the network's journal in {@link ProviderContext#dataDirectory()}; contacts no node (health does). */
    @Override
    public BillingProvider create(NetworkConfig config, ProviderContext context) {
        requireNonNull(config, "config is null");
        requireNonNull(context, "context is null");
        return SolanaBillingProvider.start(config, SolanaSettings.from(config), context);
    }
}

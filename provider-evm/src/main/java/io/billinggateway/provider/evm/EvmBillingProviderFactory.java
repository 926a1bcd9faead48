package io.billinggateway.provider.evm;

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
 * The EVM provider ({@code evm}): one implementation for every EVM network (ethereum, bsc, polygon, local Anvil
 * chains), each configured with its own chain id, RPC endpoints, keys and contract addresses.
 *
 * <p>{@link Capability#ONE_TIME_PAYMENT} needs a {@code marketplace-address} and is announced only by networks that
 * have one. Refunds and webhooks do not exist on chain; {@link Capability#TOKEN_PERMIT} is not declared because a
 * checkout payload is one transaction and cannot carry the payer's own permit signature (ERC-20 payers approve the
 * PaymentGateway first).
 */
public final class EvmBillingProviderFactory implements BillingProviderFactory {
    public static final String PROVIDER_ID = "evm";

    static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(
            Capability.ONE_TIME_PAYMENT,
            Capability.RECURRING_CHARGE,
            Capability.BATCH_CHARGE,
            Capability.EVENT_POLLING,
            Capability.PLAN_SIGNATURES));

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
        return EvmSettings.KEYS;
    }

    /**
     * Opens the network's JSON-RPC client (with failover), one sender lane per key and the provider's state in
     * {@link ProviderContext#dataDirectory()}. Reads the contract's batch limit with a short deadline; a node that
     * is down at start-up is reported by {@link BillingProvider#health()}, not here.
     */
    @Override
    public BillingProvider create(NetworkConfig config, ProviderContext context) {
        requireNonNull(config, "config is null");
        requireNonNull(context, "context is null");
        return EvmBillingProvider.create(EvmSettings.from(config), context);
    }
}

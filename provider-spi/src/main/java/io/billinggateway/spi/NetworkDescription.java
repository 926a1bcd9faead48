package io.billinggateway.spi;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/**
 * What a network offers, as shown in the gateway's network catalog and used by the router.
 *
 * @param network the operator's name for the network
 * @param providerId the provider serving it
 * @param chainId its chain
 * @param assets what can be paid with, at least one
 * @param capabilities what the provider can do on this network; a subset of the factory's declaration
 * @param confirmations how many blocks deep an on-chain event must be before it is final (0 for off-chain providers)
 * @param maxBatchSize the most items one {@link BillingProvider#chargeBatch} call accepts (at least 1)
 * @param longestChargeCall the longest one {@link BillingProvider#chargeBatch} call of at most {@code maxBatchSize}
 *                          items can take under this network's configured timeouts (an RPC timeout per attempt, a
 *                          receipt wait, an HTTP timeout times its retries), or empty when the provider cannot bound
 *                          it. The gateway refuses at startup a charge lease that is not longer, since a lease that
 *                          expires during a call lets another worker ask for the same periods while it runs.
 *                          {@code @since 1.2}
 */
public record NetworkDescription(
        String network,
        String providerId,
        ChainId chainId,
        List<Asset> assets,
        Set<Capability> capabilities,
        int confirmations,
        int maxBatchSize,
        Optional<Duration> longestChargeCall) {
    public NetworkDescription {
        requireText(network, "network");
        requireText(providerId, "providerId");
        requireNonNull(chainId, "chainId is null");
        assets = List.copyOf(requireNonNull(assets, "assets is null"));
        capabilities = Capability.closure(requireNonNull(capabilities, "capabilities is null"));
        if (assets.isEmpty()) {
            throw new IllegalArgumentException("network '" + network + "' must offer at least one asset");
        }
        if (assets.stream().map(Asset::code).distinct().count() != assets.size()) {
            throw new IllegalArgumentException("network '" + network + "' lists an asset code twice: " + assets);
        }
        if (confirmations < 0) {
            throw new IllegalArgumentException("confirmations must not be negative, got " + confirmations);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
        }
        requireNonNull(longestChargeCall, "longestChargeCall is null");
        longestChargeCall.ifPresent(longest -> {
            if (longest.isNegative() || longest.isZero()) {
                throw new IllegalArgumentException("longestChargeCall must be positive, got " + longest);
            }
        });
    }

    /** A network whose provider does not bound its charge calls (SPI 1.0 and 1.1's constructor, kept so that their plugins link). */
    public NetworkDescription(String network, String providerId, ChainId chainId, List<Asset> assets, Set<Capability> capabilities, int confirmations,
                              int maxBatchSize) {
        this(network, providerId, chainId, assets, capabilities, confirmations, maxBatchSize, Optional.empty());
    }

    public boolean supports(Capability capability) {
        return capabilities.contains(capability);
    }

    /** @throws BillingException {@link ErrorCode#INVALID_REQUEST} listing the known assets when the code is unknown */
    public Asset asset(String code) {
        return assets.stream()
                .filter(asset -> asset.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new BillingException(ErrorCode.INVALID_REQUEST,
                        "network '" + network + "' has no asset '" + code + "'; it offers " + assets.stream().map(Asset::code).toList()));
    }
}

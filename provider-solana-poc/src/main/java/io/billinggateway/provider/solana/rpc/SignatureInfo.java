package io.billinggateway.provider.solana.rpc;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One entry of {@code getSignaturesForAddress}.
 *
 * @param failed whether the transaction failed on chain (it moved nothing but its fee)
 * @param blockTime when its block was produced, if the node knows
 */
public record SignatureInfo(String signature, long slot, boolean failed, Optional<Instant> blockTime) {
    public SignatureInfo {
        requireNonNull(signature, "signature is null");
        requireNonNull(blockTime, "blockTime is null");
    }
}

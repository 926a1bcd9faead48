package io.billinggateway.provider.solana.confirmation;

import java.math.BigInteger;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a checkout asked the payer to send.
 *
 * @param reference the checkout's reference key, which the transfer must carry
 * @param recipient the merchant's wallet address (for a token, the owner of the receiving token account)
 * @param mint the token's mint; empty for SOL
 * @param amount in the asset's smallest unit (lamports, or the token's base units)
 * @param assetCode the asset's code on the network, for messages and events
 */
public record ExpectedTransfer(String reference, String recipient, Optional<String> mint, BigInteger amount, String assetCode) {
    public ExpectedTransfer {
        requireNonNull(reference, "reference is null");
        requireNonNull(recipient, "recipient is null");
        requireNonNull(mint, "mint is null");
        requireNonNull(amount, "amount is null");
        requireNonNull(assetCode, "assetCode is null");
    }
}

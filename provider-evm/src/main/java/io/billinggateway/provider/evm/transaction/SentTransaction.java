package io.billinggateway.provider.evm.transaction;

import java.math.BigInteger;

import static java.util.Objects.requireNonNull;

/**
 * A signed transaction handed to a node.
 *
 * @param hash the transaction hash, computed from the signed bytes (so it is known even when the node did not answer)
 * @param delivered whether a node confirmed it received the transaction; when false its fate is unknown and it
 *                  must be looked up by hash before anything is sent again
 */
public record SentTransaction(String hash, BigInteger nonce, String purpose, boolean delivered) {
    public SentTransaction {
        requireNonNull(hash, "hash is null");
        requireNonNull(nonce, "nonce is null");
        requireNonNull(purpose, "purpose is null");
    }
}

package io.billinggateway.provider.solana.rpc;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How final a transaction must be before the provider reports it. {@code processed} is not offered: a processed
 * block can still be dropped, and {@code getSignaturesForAddress} does not accept it.
 */
public enum Commitment {
    /** Voted on by a supermajority of the cluster: about a second after the transfer, not known to have been rolled back. */
    CONFIRMED(1),
    /** Rooted: at least 31 blocks built on top, final. */
    FINALIZED(32);

    private final int confirmations;

    Commitment(int confirmations) {
        this.confirmations = confirmations;
    }

    public String rpcName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The depth reported as {@code NetworkDescription.confirmations()}. */
    public int confirmations() {
        return confirmations;
    }

    public static Optional<Commitment> parse(String text) {
        return Arrays.stream(values()).filter(value -> value.rpcName().equals(text.strip().toLowerCase(Locale.ROOT))).findFirst();
    }
}

package io.billinggateway.spi;

import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A CAIP-2 chain identifier, {@code namespace:reference}: {@code eip155:56} for BNB Smart Chain,
 * {@code solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp} for Solana mainnet, {@code fiat:mock} for the mock PSP.
 *
 * <p>{@link #parse(String)} also accepts a bare decimal number and reads it as an EVM chain
 * ({@code "56"} becomes {@code eip155:56}), because operators and wallets commonly write EVM chains so.
 */
public record ChainId(String namespace, String reference) {
    private static final Pattern NAMESPACE = Pattern.compile("[-a-z0-9]{3,8}");
    private static final Pattern REFERENCE = Pattern.compile("[-_a-zA-Z0-9]{1,32}");
    private static final Pattern BARE_EVM = Pattern.compile("[0-9]{1,32}");

    public static final String EVM_NAMESPACE = "eip155";

    public ChainId {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(reference, "reference is null");
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("CAIP-2 namespace must match [-a-z0-9]{3,8}, got '" + namespace + "'");
        }
        if (!REFERENCE.matcher(reference).matches()) {
            throw new IllegalArgumentException("CAIP-2 reference must match [-_a-zA-Z0-9]{1,32}, got '" + reference + "'");
        }
        if (namespace.equals(EVM_NAMESPACE) && !BARE_EVM.matcher(reference).matches()) {
            throw new IllegalArgumentException("an eip155 chain reference is a decimal chain id, got '" + reference + "'");
        }
        if (namespace.equals(EVM_NAMESPACE) && reference.length() > 1 && reference.startsWith("0")) {
            throw new IllegalArgumentException("an eip155 chain reference has no leading zeros, got '" + reference + "'");
        }
    }

    /**
     * Reads {@code namespace:reference}, or a bare EVM chain number.
     *
     * @throws IllegalArgumentException explaining the expected form
     */
    public static ChainId parse(String text) {
        requireNonNull(text, "text is null");
        String trimmed = text.trim();
        if (BARE_EVM.matcher(trimmed).matches()) {
            return evm(Long.parseLong(trimmed));
        }
        int colon = trimmed.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("chain id must be CAIP-2 'namespace:reference' (e.g. eip155:56) or a bare EVM chain number, got '" + text + "'");
        }
        return new ChainId(trimmed.substring(0, colon), trimmed.substring(colon + 1));
    }

    /** The EVM chain with the given EIP-155 chain id. */
    public static ChainId evm(long chainId) {
        if (chainId <= 0) {
            throw new IllegalArgumentException("EVM chain id must be positive, got " + chainId);
        }
        return new ChainId(EVM_NAMESPACE, Long.toString(chainId));
    }

    public boolean isEvm() {
        return namespace.equals(EVM_NAMESPACE);
    }

    /** The EIP-155 chain id of an {@code eip155} chain. */
    public long evmChainId() {
        if (!isEvm()) {
            throw new IllegalStateException(this + " is not an EVM chain");
        }
        return Long.parseLong(reference);
    }

    @Override
    public String toString() {
        return namespace + ":" + reference;
    }
}

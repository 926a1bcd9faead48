package io.billinggateway.provider.solana.pay;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Solana Pay reference keys: the public key of a fresh ed25519 key pair, added by the payer's wallet as a
 * read-only account of the transfer so that the payment can be found with {@code getSignaturesForAddress}.
 * The private half is never needed and never kept.
 */
public final class ReferenceKeys {
    private static final String DERIVATION_CONTEXT = "billing-gateway solana-poc reference v1";

    private ReferenceKeys() {
    }

    /** A reference of a key pair made from fresh randomness. */
    public static String random(SecureRandom random) {
        requireNonNull(random, "random is null");
        return publicKey(new Ed25519PrivateKeyParameters(random));
    }

    /**
     * The reference of a key pair whose seed is HMAC-SHA256 of the network and checkout id under a secret: the
     * same checkout always gets the same reference, on any gateway process that holds the secret, and nobody
     * without the secret can tell or predict it.
     */
    public static String derived(byte[] secret, String network, String checkoutId) {
        requireNonNull(secret, "secret is null");
        requireNonNull(network, "network is null");
        requireNonNull(checkoutId, "checkoutId is null");
        byte[] seed;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            seed = mac.doFinal((DERIVATION_CONTEXT + "\n" + network + "\n" + checkoutId).getBytes(StandardCharsets.UTF_8));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
        try {
            return fromSeed(seed);
        }
        finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** The base58 public key of the ed25519 key pair with this 32-byte seed (RFC 8032 private key). */
    public static String fromSeed(byte[] seed) {
        requireNonNull(seed, "seed is null");
        if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an ed25519 seed has " + Ed25519PrivateKeyParameters.KEY_SIZE + " bytes, got " + seed.length);
        }
        return publicKey(new Ed25519PrivateKeyParameters(seed, 0));
    }

    private static String publicKey(Ed25519PrivateKeyParameters privateKey) {
        return Base58.encode(privateKey.generatePublicKey().getEncoded());
    }
}

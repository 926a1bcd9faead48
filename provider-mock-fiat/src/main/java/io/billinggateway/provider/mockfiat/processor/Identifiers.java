package io.billinggateway.provider.mockfiat.processor;

import java.security.SecureRandom;

import static java.util.Objects.requireNonNull;

/** Stripe-like object ids: a type prefix and 24 random base-62 characters ({@code pay_3Nf...}). */
public final class Identifiers {
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int LENGTH = 24;

    private final SecureRandom random;

    public Identifiers(SecureRandom random) {
        this.random = requireNonNull(random, "random is null");
    }

    public String next(String prefix) {
        requireNonNull(prefix, "prefix is null");
        StringBuilder id = new StringBuilder(prefix.length() + 1 + LENGTH).append(prefix).append('_');
        for (int index = 0; index < LENGTH; index++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}

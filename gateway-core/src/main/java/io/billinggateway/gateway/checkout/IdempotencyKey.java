package io.billinggateway.gateway.checkout;

import io.billinggateway.gateway.problem.InvalidRequestException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The value of an {@code Idempotency-Key} header: 1-255 printable ASCII characters (no spaces), as in the IETF
 * draft's examples and Stripe's limit; the column holding it is {@code VARCHAR(255)}.
 */
public record IdempotencyKey(String value) {
    public static final String HEADER = "Idempotency-Key";
    private static final Pattern FORMAT = Pattern.compile("[\\x21-\\x7e]{1,255}");

    public IdempotencyKey {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidRequestException(List.of(HEADER + ": header is required: 1-255 printable ASCII characters without spaces, unique per "
                    + "request; send the same key only to repeat the same request"));
        }
    }

    /**
     * The fingerprint of a request's canonical text, stored with the key: the same key with another fingerprint is
     * another request and is refused.
     */
    public static String fingerprint(String canonicalRequest) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

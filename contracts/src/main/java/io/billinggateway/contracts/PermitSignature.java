package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.Instant;

/**
 * An EIP-2612 permit for the PaymentGateway as spender, split the way {@code permit(...)} takes it.
 *
 * @param value the allowance granted
 * @param deadline the permit cannot be used after this instant
 */
public record PermitSignature(BigInteger value, Instant deadline, int v, String r, String s) {

    public PermitSignature {
        requireNonNull(value, "value is null");
        requireNonNull(deadline, "deadline is null");
        if (v != 27 && v != 28) {
            throw new IllegalArgumentException("v must be 27 or 28: " + v);
        }
        r = Hex.bytes32(r);
        s = Hex.bytes32(s);
    }

    /** Splits a 65-byte signature r ‖ s ‖ v. */
    public static PermitSignature of(BigInteger value, Instant deadline, String signature) {
        byte[] bytes = Hex.toBytes(requireNonNull(signature, "signature is null"));
        if (bytes.length != 65) {
            throw new IllegalArgumentException("a signature has 65 bytes, got " + bytes.length);
        }
        byte[] r = java.util.Arrays.copyOfRange(bytes, 0, 32);
        byte[] s = java.util.Arrays.copyOfRange(bytes, 32, 64);
        int v = bytes[64] & 0xff;
        return new PermitSignature(value, deadline, v < 27 ? v + 27 : v, Hex.bytes32(r), Hex.bytes32(s));
    }
}

package io.billinggateway.provider.solana.pay;

import java.math.BigInteger;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Base58 with Bitcoin's alphabet, the text form of Solana addresses and transaction signatures. Each leading
 * zero byte is written as a leading {@code 1}, so 32 zero bytes are {@code 11111111111111111111111111111111}
 * (the system program's address).
 */
public final class Base58 {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);
    private static final int[] INDEXES = new int[128];

    static {
        Arrays.fill(INDEXES, -1);
        for (int index = 0; index < ALPHABET.length(); index++) {
            INDEXES[ALPHABET.charAt(index)] = index;
        }
    }

    private Base58() {
    }

    public static String encode(byte[] bytes) {
        requireNonNull(bytes, "bytes is null");
        int zeros = 0;
        while (zeros < bytes.length && bytes[zeros] == 0) {
            zeros++;
        }
        StringBuilder out = new StringBuilder();
        BigInteger value = new BigInteger(1, bytes);
        while (value.signum() > 0) {
            BigInteger[] quotientAndRemainder = value.divideAndRemainder(BASE);
            out.append(ALPHABET.charAt(quotientAndRemainder[1].intValue()));
            value = quotientAndRemainder[0];
        }
        out.append("1".repeat(zeros));
        return out.reverse().toString();
    }

    /** @throws IllegalArgumentException naming the first character outside the alphabet */
    public static byte[] decode(String text) {
        requireNonNull(text, "text is null");
        BigInteger value = BigInteger.ZERO;
        int zeros = 0;
        boolean leading = true;
        for (int position = 0; position < text.length(); position++) {
            char character = text.charAt(position);
            int digit = character < 128 ? INDEXES[character] : -1;
            if (digit < 0) {
                throw new IllegalArgumentException("'" + character + "' at position " + position + " is not a base58 character");
            }
            if (leading && digit == 0) {
                zeros++;
                continue;
            }
            leading = false;
            value = value.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
        int signByte = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0;
        byte[] out = new byte[zeros + magnitude.length - signByte];
        System.arraycopy(magnitude, signByte, out, zeros, magnitude.length - signByte);
        return out;
    }

    /** Whether the text is the base58 form of exactly 32 bytes: a Solana address. */
    public static boolean isAddress(String text) {
        if (text == null || text.length() < 32 || text.length() > 44) {
            return false;
        }
        try {
            return decode(text).length == 32;
        }
        catch (IllegalArgumentException e) {
            return false;
        }
    }
}

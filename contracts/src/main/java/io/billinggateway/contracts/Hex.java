package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;
import org.web3j.utils.Numeric;

/** Normalises the hex strings the bindings exchange: addresses and 32-byte values, 0x-prefixed lowercase. */
public final class Hex {
    public static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-fA-F]{64}");

    private Hex() {}

    /** @throws IllegalArgumentException unless {@code address} is 20 bytes of 0x-prefixed hex */
    public static String address(String address) {
        requireNonNull(address, "address is null");
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("not an address (0x and 40 hex digits): " + address);
        }
        return address.toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException unless {@code value} is 32 bytes of 0x-prefixed hex */
    public static String bytes32(String value) {
        requireNonNull(value, "value is null");
        if (!BYTES32.matcher(value).matches()) {
            throw new IllegalArgumentException("not a 32-byte value (0x and 64 hex digits): " + value);
        }
        return value.toLowerCase(Locale.ROOT);
    }

    public static String bytes32(byte[] value) {
        requireNonNull(value, "value is null");
        if (value.length != 32) {
            throw new IllegalArgumentException("expected 32 bytes, got " + value.length);
        }
        return Numeric.toHexString(value);
    }

    public static byte[] toBytes(String hex) {
        return Numeric.hexStringToByteArray(requireNonNull(hex, "hex is null"));
    }

    public static boolean isAddress(String value) {
        return value != null && ADDRESS.matcher(value).matches();
    }
}

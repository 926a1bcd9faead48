package io.billinggateway.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * A resolved secret value. {@link #toString()} is masked so that a secret logged or concatenated by
 * mistake does not leak; call {@link #reveal()} only where the raw value is needed (signing, an
 * {@code Authorization} header) and never put the result in a message.
 */
public final class Secret {
    private final byte[] value;
    private final String reference;

    public Secret(String reference, byte[] value) {
        this.reference = requireNonNull(reference, "reference is null");
        this.value = requireNonNull(value, "value is null").clone();
    }

    /** The reference this secret came from ({@code env:BSC_KEY}); safe to show. */
    public String reference() {
        return reference;
    }

    /** The raw value. */
    public byte[] revealBytes() {
        return value.clone();
    }

    /** The raw value as UTF-8 text, without surrounding whitespace. */
    public String reveal() {
        return new String(value, StandardCharsets.UTF_8).strip();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && java.security.MessageDigest.isEqual(value, that.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Secret[" + reference + ", ****]";
    }
}

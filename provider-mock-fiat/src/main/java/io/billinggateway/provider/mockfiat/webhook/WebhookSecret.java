package io.billinggateway.provider.mockfiat.webhook;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/**
 * A Standard Webhooks signing secret, written {@code whsec_<base64 of 24 to 64 random bytes>}. The key is the
 * decoded base64 part. {@link #toString()} never shows it.
 */
public final class WebhookSecret {
    public static final String PREFIX = "whsec_";
    static final int SHORTEST_KEY_BYTES = 24;
    static final int LONGEST_KEY_BYTES = 64;
    private static final int GENERATED_KEY_BYTES = 32;

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    /**
     * Reads {@code whsec_<base64>}.
     *
     * @throws IllegalArgumentException describing the expected form; the message never contains the text
     */
    public static WebhookSecret parse(String text) {
        requireNonNull(text, "text is null");
        String trimmed = text.strip();
        if (!trimmed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret must look like " + PREFIX + "<base64>, and this one does not start with " + PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(trimmed.substring(PREFIX.length()));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret must look like " + PREFIX + "<base64>, and the part after " + PREFIX + " is not valid base64");
        }
        if (key.length < SHORTEST_KEY_BYTES || key.length > LONGEST_KEY_BYTES) {
            throw new IllegalArgumentException("a webhook secret must encode " + SHORTEST_KEY_BYTES + " to " + LONGEST_KEY_BYTES
                    + " bytes, and this one encodes " + key.length);
        }
        return new WebhookSecret(key);
    }

    public static WebhookSecret generate(SecureRandom random) {
        byte[] key = new byte[GENERATED_KEY_BYTES];
        random.nextBytes(key);
        return new WebhookSecret(key);
    }

    /**
     * Reads the secret the PSP generated earlier from {@code file}, or generates one and stores it there
     * (readable by the owner only, where the file system allows), the way a PSP dashboard issues a secret once.
     *
     * @throws IOException when the file cannot be read or written, or holds something that is not a secret
     */
    public static WebhookSecret loadOrGenerate(Path file, SecureRandom random) throws IOException {
        requireNonNull(file, "file is null");
        requireNonNull(random, "random is null");
        if (Files.exists(file)) {
            try {
                return parse(Files.readString(file, StandardCharsets.US_ASCII));
            }
            catch (IllegalArgumentException e) {
                throw new IOException("the stored webhook secret " + file + " is unreadable: " + e.getMessage());
            }
        }
        WebhookSecret secret = generate(random);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap((secret.encoded() + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file);
        }
        catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(temporary);
            return loadOrGenerate(file, random);
        }
        return secret;
    }

    /** The {@code whsec_...} form, for storing. Never put it in a message. */
    public String encoded() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookSecret that && MessageDigest.isEqual(key, that.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "WebhookSecret[" + PREFIX + "****]";
    }
}

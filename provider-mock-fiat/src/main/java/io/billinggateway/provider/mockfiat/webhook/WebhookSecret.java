package io.billinggateway.provider.mockfiat.webhook;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

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
     * <p>Safe when several processes start on an empty directory at once: the file appears atomically, complete,
     * and only once (a hard link to a finished temporary file, which fails when the file exists), so every process
     * ends with the secret of the one that stored it first.
     *
     * @throws IOException when the file cannot be read or written, or holds something that is not a secret
     */
    public static WebhookSecret loadOrGenerate(Path file, SecureRandom random) throws IOException {
        requireNonNull(file, "file is null");
        requireNonNull(random, "random is null");
        if (Files.exists(file)) {
            return load(file);
        }
        WebhookSecret secret = generate(random);
        Path directory = file.toAbsolutePath().getParent();
        // a name of its own, so that processes generating at once never write each other's file; owner-only on POSIX
        Path temporary = Files.createTempFile(directory, file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap((secret.encoded() + "\n").getBytes(StandardCharsets.US_ASCII));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.createLink(file, temporary);
                return secret;
            }
            catch (FileAlreadyExistsException e) {
                return load(file);
            }
            catch (UnsupportedOperationException | FileSystemException e) {
                // a file system without hard links: creating the file exclusively is atomic as well, though a process
                // reading it at that very moment may find it still empty and fail to start (it can be started again)
                return storeExclusively(file, secret);
            }
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static WebhookSecret storeExclusively(Path file, WebhookSecret secret) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(file));
        }
        catch (FileAlreadyExistsException e) {
            return load(file);
        }
        try (channel) {
            ByteBuffer buffer = ByteBuffer.wrap((secret.encoded() + "\n").getBytes(StandardCharsets.US_ASCII));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        return secret;
    }

    private static FileAttribute<?>[] ownerOnly(Path file) throws IOException {
        if (Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }

    private static WebhookSecret load(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.US_ASCII));
        }
        catch (IllegalArgumentException e) {
            throw new IOException("the stored webhook secret " + file + " is unreadable: " + e.getMessage());
        }
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

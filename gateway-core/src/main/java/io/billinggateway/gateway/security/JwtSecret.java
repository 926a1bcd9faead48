package io.billinggateway.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The HS256 secret that signs and verifies local tokens. In production, set {@code BILLING_JWT_SECRET}
 * (at least 32 characters) or verify tokens of an identity provider with {@code BILLING_JWT_JWKS_URL}.
 * On a development machine with neither, the gateway generates a secret once and keeps it in
 * {@code <data-dir>/jwt-secret} (owner-only permissions), where {@code gateway token} finds it too.
 */
public final class JwtSecret {
    public static final String VARIABLE = "BILLING_JWT_SECRET";
    public static final String JWKS_VARIABLE = "BILLING_JWT_JWKS_URL";
    static final int MINIMUM_LENGTH = 32;
    private static final String FILE_NAME = "jwt-secret";

    private JwtSecret() {
    }

    /**
     * The secret from the environment, or the development secret of the data directory (created if absent).
     * Empty when tokens are verified with a JWKS URL only.
     *
     * @throws IllegalStateException with one explanatory line when the configured secret is too short
     */
    public static Optional<String> resolve(Map<String, String> environment, Path dataDirectory) {
        String configured = environment.get(VARIABLE);
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < MINIMUM_LENGTH) {
                throw new IllegalStateException(VARIABLE + " must be at least " + MINIMUM_LENGTH + " characters (HS256 needs 256 bits)");
            }
            return Optional.of(configured);
        }
        if (environment.containsKey(JWKS_VARIABLE)) {
            return Optional.empty();
        }
        return Optional.of(developmentSecret(dataDirectory));
    }

    private static String developmentSecret(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(dataDirectory);
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path temporary = Files.createTempFile(dataDirectory, FILE_NAME, ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            }
            catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the directory's permissions apply
            }
            Files.writeString(temporary, secret, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            catch (java.nio.file.FileAlreadyExistsException raced) {
                Files.deleteIfExists(temporary);
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development JWT secret " + file, e);
        }
    }
}

package io.billinggateway.contracts.deploy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A reference to a secret, {@code env:NAME} or {@code file:/path}, resolved at the last moment. The reference
 * may be printed; the value never is, not even in error messages.
 */
public record SecretReference(Kind kind, String location) {

    public enum Kind {
        ENV,
        FILE
    }

    public SecretReference {
        requireNonNull(kind, "kind is null");
        requireNonNull(location, "location is null");
    }

    /**
     * @throws DeploymentException if {@code reference} is not {@code env:NAME} or {@code file:/path}; the
     *     message does not repeat the input, which may be a pasted key
     */
    public static SecretReference parse(String option, String reference) {
        requireNonNull(reference, "reference is null");
        if (reference.startsWith("env:") && reference.length() > 4) {
            return new SecretReference(Kind.ENV, reference.substring(4));
        }
        if (reference.startsWith("file:") && reference.length() > 5) {
            return new SecretReference(Kind.FILE, reference.substring(5));
        }
        throw new DeploymentException(option + " takes a reference, env:NAME or file:/path; "
                + "literal keys are refused so that they stay out of shell history, process lists and logs");
    }

    /** @throws DeploymentException if the variable is unset or the file unreadable */
    public String resolve(Map<String, String> environment) {
        String value;
        if (kind == Kind.ENV) {
            value = environment.get(location);
            if (value == null || value.isBlank()) {
                throw new DeploymentException("environment variable " + location + " is not set");
            }
        } else {
            try {
                value = Files.readString(Path.of(location), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new DeploymentException("cannot read secret file " + location + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return value.strip();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + location;
    }
}

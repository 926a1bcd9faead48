package io.billinggateway.router;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Secret;
import io.billinggateway.spi.SecretResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Resolves {@code env:NAME} from the process environment and {@code file:/path} from a file (the form of
 * Docker and Kubernetes secrets; surrounding whitespace is ignored when read as text). Messages name the
 * reference, never a value.
 */
public final class EnvironmentSecretResolver implements SecretResolver {
    private final Map<String, String> environment;

    public EnvironmentSecretResolver(Map<String, String> environment) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    }

    public static boolean isReference(String value) {
        return value.startsWith("env:") || value.startsWith("file:");
    }

    @Override
    public Secret resolve(String reference) {
        requireNonNull(reference, "reference is null");
        if (reference.startsWith("env:")) {
            String name = reference.substring("env:".length());
            String value = environment.get(name);
            if (name.isEmpty() || value == null || value.isBlank()) {
                throw invalid("secret reference " + reference + " points to an environment variable that is not set");
            }
            return new Secret(reference, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (reference.startsWith("file:")) {
            Path path = Path.of(reference.substring("file:".length()));
            try {
                byte[] value = Files.readAllBytes(path);
                if (value.length == 0) {
                    throw invalid("secret reference " + reference + " points to an empty file");
                }
                return new Secret(reference, value);
            }
            catch (IOException e) {
                throw invalid("secret reference " + reference + " cannot be read: " + e.getClass().getSimpleName());
            }
        }
        throw invalid("a secret must be given as a reference (env:NAME or file:/path), not as the value itself");
    }

    private static BillingException invalid(String message) {
        return new BillingException(ErrorCode.CONFIGURATION_INVALID, message);
    }
}

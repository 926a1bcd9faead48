package io.billinggateway.gateway.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates internal callers (the charge worker, cron) by the service token in the
 * {@code X-Service-Token} header, compared in constant time. Only paths under {@code /internal/} look at it,
 * so a leaked user token can never act as the service and the service token can never act as a user.
 */
@Singleton
final class ServiceTokenAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {
    static final String HEADER = "X-Service-Token";
    private static final int MINIMUM_LENGTH = 32;

    private final Optional<byte[]> expected;

    ServiceTokenAuthenticationFetcher(@Value("${billing.service-token:}") String serviceToken) {
        this.expected = serviceToken.isBlank() ? Optional.empty() : Optional.of(serviceToken.getBytes(StandardCharsets.UTF_8));
        if (expected.isPresent() && serviceToken.length() < MINIMUM_LENGTH) {
            throw new IllegalStateException("billing.service-token (BILLING_SERVICE_TOKEN) must be at least " + MINIMUM_LENGTH + " characters");
        }
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        if (!request.getPath().startsWith("/internal/") || expected.isEmpty()) {
            return Publishers.empty();
        }
        Optional<String> presented = request.getHeaders().findFirst(HEADER);
        if (presented.isEmpty() || !MessageDigest.isEqual(presented.get().getBytes(StandardCharsets.UTF_8), expected.get())) {
            return Publishers.empty();
        }
        return Publishers.just(Authentication.build("service", List.of(Roles.SERVICE), Map.of()));
    }
}

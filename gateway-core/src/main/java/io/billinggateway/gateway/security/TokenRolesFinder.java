package io.billinggateway.gateway.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.token.DefaultRolesFinder;
import io.micronaut.security.token.config.TokenConfiguration;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * Reads roles from a bearer token's {@code roles} claim, except {@link Roles#SERVICE}: that role comes only from
 * the service token, so a user or staff token that claims it (by mistake of an identity provider, or by design
 * of an attacker who obtained signing rights for staff tokens) never reaches {@code /internal/**}.
 */
@Singleton
@Replaces(DefaultRolesFinder.class)
final class TokenRolesFinder extends DefaultRolesFinder {
    TokenRolesFinder(TokenConfiguration configuration) {
        super(configuration);
    }

    @Override
    public List<String> resolveRoles(Map<String, Object> attributes) {
        return super.resolveRoles(attributes).stream().filter(role -> !role.equals(Roles.SERVICE)).toList();
    }
}

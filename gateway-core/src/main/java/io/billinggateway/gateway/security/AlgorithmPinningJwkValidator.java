package io.billinggateway.gateway.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.token.jwt.signature.jwks.DefaultJwkValidator;
import io.micronaut.security.token.jwt.signature.jwks.JwkValidator;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Set;

/**
 * Verifies a token with a key of the identity provider's JWKS ({@code BILLING_JWT_JWKS_URL}) only with that key's
 * algorithm. Micronaut's validator picks a verifier by key type alone, so an RSA key declared for RS256 would
 * also verify RS384, RS512 and PS* signatures. A key that declares {@code alg} accepts exactly that algorithm; a
 * key without one accepts the asymmetric signature algorithms of its key type (never HMAC: a public key is not a
 * shared secret).
 */
@Singleton
@Replaces(DefaultJwkValidator.class)
final class AlgorithmPinningJwkValidator implements JwkValidator {
    private static final Map<KeyType, Set<JWSAlgorithm>> ALGORITHMS_OF_UNDECLARED_KEYS = Map.of(
            KeyType.RSA, JWSAlgorithm.Family.RSA,
            KeyType.EC, JWSAlgorithm.Family.EC,
            KeyType.OKP, JWSAlgorithm.Family.ED);

    private final DefaultJwkValidator verifier = new DefaultJwkValidator();

    @Override
    public boolean validate(SignedJWT token, JWK key) {
        return accepts(key, token.getHeader().getAlgorithm()) && verifier.validate(token, key);
    }

    static boolean accepts(JWK key, JWSAlgorithm algorithm) {
        if (key.getAlgorithm() != null) {
            return key.getAlgorithm().getName().equals(algorithm.getName());
        }
        return ALGORITHMS_OF_UNDECLARED_KEYS.getOrDefault(key.getKeyType(), Set.of()).contains(algorithm);
    }
}

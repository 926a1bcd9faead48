package io.billinggateway.gateway.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.config.TokenConfiguration;
import io.micronaut.security.token.jwt.validator.JwtAuthenticationFactory;
import io.micronaut.security.token.jwt.validator.ReactiveJsonWebTokenSignatureValidator;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Validates bearer tokens in place of Micronaut's own validator (switched off with
 * {@code micronaut.security.token.jwt.nimbus.reactive-validator: false}), which only says yes or no: this one
 * records on the request why a token was refused, so that the 401 answer can say it (see
 * {@link AuthorizationProblemHandler}).
 *
 * <p>The order is parse, algorithm, signature (Micronaut's signature configurations: the local secret and, with
 * {@code BILLING_JWT_JWKS_URL}, the identity provider's keys), then claims, so that nothing about the claims of
 * a token is told before its signature verified. Token times are compared with the wall clock, not the gateway's
 * billing clock, which tests move.
 */
@Singleton
final class BearerTokenValidator implements TokenValidator<HttpRequest<?>> {
    /**
     * The local secret signs with HS256 only. A longer HMAC (HS384, HS512) with the same secret is refused too: the
     * algorithm is pinned, not merely the key. Asymmetric algorithms are decided key by key for JWKS keys
     * ({@link AlgorithmPinningJwkValidator}) and never verify against the secret.
     */
    private static final JWSAlgorithm SECRET_ALGORITHM = JWSAlgorithm.HS256;

    private final ReactiveJsonWebTokenSignatureValidator<SignedJWT> signatures;
    private final JwtAuthenticationFactory authentications;
    private final TokenClaimsCheck claimsCheck;
    private final Clock clock = Clock.systemUTC();

    BearerTokenValidator(ReactiveJsonWebTokenSignatureValidator<SignedJWT> signatures, JwtAuthenticationFactory authentications,
                         TokenConfiguration tokenConfiguration, @Value("${billing.jwt.clock-skew:60s}") Duration clockSkew) {
        this.signatures = requireNonNull(signatures, "signatures is null");
        this.authentications = requireNonNull(authentications, "authentications is null");
        this.claimsCheck = new TokenClaimsCheck(clockSkew, tokenConfiguration.getRolesName());
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        }
        catch (ParseException e) {
            return reject(request, TokenRejection.Reason.MALFORMED.because("it is not a JWT (three base64url parts: header, claims, signature)"));
        }
        if (!(parsed instanceof SignedJWT signed)) {
            return reject(request, TokenRejection.Reason.BAD_SIGNATURE.because("the token is not signed with an accepted algorithm"));
        }
        JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
        if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm) && !algorithm.equals(SECRET_ALGORITHM)) {
            return reject(request, TokenRejection.Reason.BAD_SIGNATURE.because("the token is not signed with an accepted algorithm"));
        }
        return Mono.from(signatures.validateSignature(signed)).defaultIfEmpty(false).flatMap(verified -> {
            if (!verified) {
                return reject(request, TokenRejection.Reason.BAD_SIGNATURE.rejection());
            }
            JWTClaimsSet claims;
            try {
                claims = signed.getJWTClaimsSet();
            }
            catch (ParseException e) {
                return reject(request, TokenRejection.Reason.MALFORMED.because("its claims are not a JSON object with exp, nbf and iat as numbers and sub as a string"));
            }
            Object subject = signed.getPayload().toJSONObject().get("sub");
            if (subject != null && !(subject instanceof String)) {
                // RFC 7519: sub is a StringOrURI; the parser would turn a number into a user id silently
                return reject(request, TokenRejection.Reason.MALFORMED.because("the sub claim is not a string"));
            }
            Optional<TokenRejection> rejection = claimsCheck.check(claims, clock.instant());
            if (rejection.isPresent()) {
                return reject(request, rejection.get());
            }
            return Mono.justOrEmpty(authentications.createAuthentication(signed));
        });
    }

    private static Mono<Authentication> reject(HttpRequest<?> request, TokenRejection rejection) {
        if (request != null) {
            request.setAttribute(TokenRejection.ATTRIBUTE, rejection);
        }
        return Mono.empty();
    }
}

package io.billinggateway.gateway.fuzz;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.billinggateway.gateway.security.Roles;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static java.util.Objects.requireNonNull;

/**
 * The callers a fuzz case can present: the valid caller of an endpoint first, then every kind of token the
 * gateway must refuse (malformed, unsigned, wrongly signed, expired, not yet valid, subjects and roles of
 * the wrong shape) and well-formed tokens with other roles. Tokens are minted when a case is built, so their
 * times are relative to the request.
 */
final class Credentials {
    static final String SERVICE_TOKEN_HEADER = "X-Service-Token";
    static final String USER = "fuzz-user";

    private final String jwtSecret;
    private final String serviceToken;

    Credentials(String jwtSecret, String serviceToken) {
        this.jwtSecret = requireNonNull(jwtSecret, "jwtSecret is null");
        this.serviceToken = requireNonNull(serviceToken, "serviceToken is null");
    }

    /**
     * One caller.
     *
     * @param admitted whether the endpoint must let this caller in (false: a 401 or 403 is the only right answer)
     */
    record Caller(String label, List<FuzzRequest.Header> headers, boolean admitted) {
    }

    /** The valid caller of the endpoint, then the variants; index 0 is always the valid one. */
    List<Caller> callers(Access access) {
        List<String> roles = access.validRoles();
        String subject = roles.isEmpty() ? USER : "fuzz-" + roles.getFirst().replace('_', '-');
        List<Caller> callers = new ArrayList<>();
        callers.add(valid(access, subject, roles));
        callers.add(new Caller("no credentials", List.of(), !access.authenticated() && !access.service()));
        for (List<String> otherRoles : List.of(List.<String>of(), List.of(Roles.BILLING_ADMIN), List.of(Roles.SUPPORT), List.of(Roles.FINANCE_OPS),
                List.of(Roles.SERVICE), List.of("BILLING_ADMIN"), List.of(Roles.BILLING_ADMIN + " "), List.of(Roles.BILLING_ADMIN + "\u0000"))) {
            callers.add(wellFormed(access, "roles " + FuzzRequest.Printable.escape(otherRoles.toString()), claims(subject, otherRoles, null)));
        }
        callers.add(wellFormed(access, "1,000 roles", claims(subject, IntStream.range(0, 1_000).mapToObj(index -> "role-" + index).toList(), null)));
        callers.add(wellFormed(access, "no roles claim", claims(subject, null, builder -> { })));
        callers.add(refused(access, "roles as a string", bearer(signed(claims(subject, null, builder -> builder.claim("roles", String.join(",", roles.isEmpty() ? List.of("x") : roles)))))));
        callers.add(refused(access, "roles [1, true]", bearer(signed(claims(subject, null, builder -> builder.claim("roles", List.of(1, true)))))));
        callers.add(refused(access, "roles [null]", bearer(signed(claims(subject, null, builder -> builder.claim("roles", Arrays.asList((Object) null)))))));

        callers.add(refused(access, "Authorization: Bearer (no token)", new FuzzRequest.Header("Authorization", "Bearer")));
        callers.add(refused(access, "a token that is not a JWT", new FuzzRequest.Header("Authorization", "Bearer not-a-token")));
        callers.add(refused(access, "a JWT of three garbage parts", new FuzzRequest.Header("Authorization", "Bearer a.b.c")));
        callers.add(refused(access, "Basic credentials", new FuzzRequest.Header("Authorization", "Basic dXNlcjpwYXNzd29yZA==")));
        callers.add(refused(access, "a NUL inside the token", new FuzzRequest.Header("Authorization", "Bearer " + signed(claims(subject, roles, null)) + "\u0000")));
        callers.add(refused(access, "alg none", bearer(new PlainJWT(claims(subject, roles, null)).serialize(), "alg none " + claims(subject, roles, null))));
        callers.add(refused(access, "signed with another secret", bearer(sign(claims(subject, roles, null), "another-secret-of-the-billing-gateway-0123456789"))));
        callers.add(refused(access, "HS512 with the gateway's secret", bearer(handSigned("HS512", "HmacSHA512", claims(subject, roles, null)))));
        callers.add(refused(access, "expired an hour ago", bearer(signed(claims(subject, roles, builder -> builder.expirationTime(ago(Duration.ofHours(1))))))));
        callers.add(refused(access, "no exp", bearer(signed(claims(subject, roles, builder -> builder.expirationTime(null))))));
        callers.add(refused(access, "nbf an hour ahead", bearer(signed(claims(subject, roles, builder -> builder.notBeforeTime(ahead(Duration.ofHours(1))))))));
        callers.add(wellFormed(access, "nbf 5 s ahead (within clock skew)", claims(subject, roles, builder -> builder.notBeforeTime(ahead(Duration.ofSeconds(5))))));
        callers.add(refused(access, "iat a day ahead", bearer(signed(claims(subject, roles, builder -> builder.issueTime(ahead(Duration.ofDays(1))))))));
        callers.add(wellFormed(access, "exp in the year 9999", claims(subject, roles, builder -> builder.expirationTime(Date.from(Instant.parse("9999-12-31T00:00:00Z"))))));
        callers.add(refused(access, "no sub", bearer(signed(claims(subject, roles, builder -> builder.subject(null))))));
        callers.add(refused(access, "sub \"\"", bearer(signed(claims("", roles, null)))));
        callers.add(wellFormed(access, "sub of 200 characters", claims("s".repeat(200), roles, null)));
        callers.add(refused(access, "sub of 201 characters", bearer(signed(claims("s".repeat(201), roles, null)))));
        callers.add(refused(access, "sub with NUL", bearer(signed(claims("fuzz\u0000user", roles, null)))));
        callers.add(refused(access, "sub with ESC", bearer(signed(claims("fuzz\u001buser", roles, null)))));
        callers.add(wellFormed(access, "sub in unicode", claims("ユーザー-ñ-\uD83D\uDE00", roles, null)));
        callers.add(refused(access, "sub as a number", bearer(signed(claims(subject, roles, builder -> builder.claim("sub", 12345))))));
        callers.add(refused(access, "sub of 100,000 characters", bearer(signed(claims("s".repeat(100_000), roles, null)))));
        callers.add(new Caller("lower-case bearer scheme", List.of(new FuzzRequest.Header("Authorization", "bearer " + signed(claims(subject, roles, null)),
                "bearer <HS256 " + claims(subject, roles, null) + ">")), access.admits(roles)));

        callers.add(new Caller("the service token", List.of(new FuzzRequest.Header(SERVICE_TOKEN_HEADER, serviceToken, "<the service token>")),
                !access.authenticated()));
        callers.add(refused(access, "a wrong service token", new FuzzRequest.Header(SERVICE_TOKEN_HEADER, "x".repeat(serviceToken.length()))));
        callers.add(refused(access, "the service token with its last character changed", new FuzzRequest.Header(SERVICE_TOKEN_HEADER,
                serviceToken.substring(0, serviceToken.length() - 1) + (serviceToken.endsWith("x") ? "y" : "x"), "<the service token, last character changed>")));
        callers.add(refused(access, "the service token with a NUL", new FuzzRequest.Header(SERVICE_TOKEN_HEADER, serviceToken + "\u0000", "<the service token>\\u0000")));
        return callers;
    }

    private Caller valid(Access access, String subject, List<String> roles) {
        if (access.service()) {
            return new Caller("the service token", List.of(new FuzzRequest.Header(SERVICE_TOKEN_HEADER, serviceToken, "<the service token>")), true);
        }
        if (!access.authenticated() && roles.isEmpty()) {
            return new Caller("no credentials", List.of(), true);
        }
        JWTClaimsSet claims = claims(subject, roles, null);
        return new Caller("a valid token with roles " + roles, List.of(bearer(signed(claims), claims.toString())), true);
    }

    /** A well-formed token: the endpoint admits it exactly when its roles are enough. */
    private Caller wellFormed(Access access, String label, JWTClaimsSet claims) {
        List<String> roles = rolesOf(claims);
        return new Caller(label, List.of(bearer(signed(claims), claims.toString())), access.admits(roles));
    }

    /** A caller that only anonymous endpoints let through. */
    private static Caller refused(Access access, String label, FuzzRequest.Header header) {
        return new Caller(label, List.of(header), !access.authenticated() && !access.service());
    }

    private static List<String> rolesOf(JWTClaimsSet claims) {
        Object roles = claims.getClaim("roles");
        if (roles instanceof List<?> list) {
            // The gateway never grants billing_service from a token (TokenRolesFinder).
            return list.stream().filter(String.class::isInstance).map(String.class::cast).filter(role -> !role.equals(Roles.SERVICE)).toList();
        }
        return List.of();
    }

    private static JWTClaimsSet claims(String subject, List<String> roles, Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
        if (roles != null) {
            builder.claim("roles", roles);
        }
        if (change != null) {
            change.accept(builder);
        }
        return builder.build();
    }

    private static Date ago(Duration duration) {
        return Date.from(Instant.now().minus(duration));
    }

    private static Date ahead(Duration duration) {
        return Date.from(Instant.now().plus(duration));
    }

    private String signed(JWTClaimsSet claims) {
        return sign(claims, jwtSecret);
    }

    private static String sign(JWTClaimsSet claims, String secret) {
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            token.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        }
        catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a fuzz token: " + e.getMessage(), e);
        }
        return token.serialize();
    }

    /**
     * A token signed by hand: nimbus refuses HS512 with a key shorter than 512 bits, and the gateway's test
     * secret is shorter, but an attacker's tool does not care.
     */
    private String handSigned(String algorithm, String macAlgorithm, JWTClaimsSet claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String signingInput = encoder.encodeToString(("{\"alg\":\"" + algorithm + "\"}").getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(jwtSecret.getBytes(StandardCharsets.UTF_8), macAlgorithm));
            return signingInput + "." + encoder.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FuzzRequest.Header bearer(String token) {
        return bearer(token, null);
    }

    private static FuzzRequest.Header bearer(String token, String claims) {
        String shown = claims != null ? claims : describe(token);
        return new FuzzRequest.Header("Authorization", "Bearer " + token, "Bearer <" + shown + ">");
    }

    /** A token as its header and claims, which is what a developer needs to mint it again. */
    private static String describe(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return FuzzRequest.Printable.abbreviate(token);
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            Map<String, String> shown = new LinkedHashMap<>();
            shown.put("header", new String(decoder.decode(parts[0]), StandardCharsets.UTF_8));
            shown.put("claims", new String(decoder.decode(parts[1]), StandardCharsets.UTF_8));
            shown.put("signature", parts.length > 2 ? "present" : "none");
            return FuzzRequest.Printable.abbreviate(shown.toString());
        }
        catch (IllegalArgumentException e) {
            return FuzzRequest.Printable.abbreviate(token);
        }
    }
}

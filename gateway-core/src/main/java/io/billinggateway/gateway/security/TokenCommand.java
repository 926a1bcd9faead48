package io.billinggateway.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gateway token --sub alice [--roles billing_admin,support] [--ttl PT8H]}: mints a local development
 * token signed with the gateway's HS256 secret and prints it. Bad arguments print one explanatory line and
 * exit with status 2.
 */
public final class TokenCommand {
    static final String USAGE = "usage: gateway token --sub <user id> [--roles role1,role2] [--ttl PT8H]";

    private TokenCommand() {
    }

    public static int run(List<String> arguments, Map<String, String> environment, Path dataDirectory, PrintStream out, PrintStream err) {
        String subject = null;
        List<String> roles = List.of();
        Duration ttl = Duration.ofHours(8);
        for (int index = 0; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            if (index + 1 >= arguments.size()) {
                err.println("gateway token: " + argument + " needs a value; " + USAGE);
                return 2;
            }
            String value = arguments.get(++index);
            switch (argument) {
                case "--sub" -> subject = value;
                case "--roles" -> roles = Arrays.stream(value.split(",")).map(String::strip).filter(role -> !role.isEmpty()).toList();
                case "--ttl" -> {
                    try {
                        ttl = Duration.parse(value);
                    }
                    catch (DateTimeParseException e) {
                        err.println("gateway token: --ttl must be an ISO-8601 duration such as PT8H, got '" + value + "'");
                        return 2;
                    }
                }
                default -> {
                    err.println("gateway token: unknown option " + argument + "; " + USAGE);
                    return 2;
                }
            }
        }
        if (subject == null) {
            err.println("gateway token: --sub is required; " + USAGE);
            return 2;
        }
        Optional<String> subjectDefect = TokenClaimsCheck.subjectDefect(subject);
        if (subjectDefect.isPresent()) {
            err.println("gateway token: --sub " + subjectDefect.get() + "; " + USAGE);
            return 2;
        }
        String secret;
        try {
            secret = JwtSecret.resolve(environment, dataDirectory)
                    .orElseThrow(() -> new IllegalStateException("tokens are verified with " + JwtSecret.JWKS_VARIABLE + "; mint them with your identity provider"));
        }
        catch (IllegalStateException e) {
            err.println("gateway token: " + e.getMessage());
            return 2;
        }
        out.println(sign(secret, subject, roles, ttl, Instant.now()));
        return 0;
    }

    /** A compact HS256 JWT with {@code sub}, {@code roles}, {@code iat} and {@code exp}. */
    public static String sign(String secret, String subject, List<String> roles, Duration ttl, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("roles", roles)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            token.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the token: " + e.getMessage(), e);
        }
        return token.serialize();
    }
}

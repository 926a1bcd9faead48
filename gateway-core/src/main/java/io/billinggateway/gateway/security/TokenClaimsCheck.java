package io.billinggateway.gateway.security;

import com.nimbusds.jwt.JWTClaimsSet;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The checks of a signed token's claims: times ({@code exp} required, {@code nbf} and {@code iat} optional, all
 * with the same clock skew), a subject that fits where the gateway stores it, and a roles claim of the right type.
 * A token that fails is refused as a whole; nothing is repaired or ignored (a {@code roles} string is not read as
 * "no roles", a long subject is not cut).
 */
final class TokenClaimsCheck {
    /** The size of every {@code user_id} and {@code actor} column ({@code VARCHAR(200)}, db/migration). */
    static final int MAXIMUM_SUBJECT_LENGTH = 200;

    private final Duration clockSkew;
    private final String rolesClaim;

    TokenClaimsCheck(Duration clockSkew, String rolesClaim) {
        this.clockSkew = requireNonNull(clockSkew, "clockSkew is null");
        this.rolesClaim = requireNonNull(rolesClaim, "rolesClaim is null");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("the clock skew must not be negative, got " + clockSkew);
        }
    }

    /** Empty when the claims are acceptable at {@code now}; otherwise the first defect found. */
    Optional<TokenRejection> check(JWTClaimsSet claims, Instant now) {
        Date expiration = claims.getExpirationTime();
        if (expiration == null) {
            return Optional.of(TokenRejection.Reason.MALFORMED.because("the exp claim is required"));
        }
        if (!now.isBefore(expiration.toInstant().plus(clockSkew))) {
            return Optional.of(TokenRejection.Reason.EXPIRED.rejection());
        }
        Instant latestAcceptable = now.plus(clockSkew);
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(latestAcceptable)) {
            return Optional.of(TokenRejection.Reason.NOT_YET_VALID.because("its nbf claim lies in the future"));
        }
        if (claims.getIssueTime() != null && claims.getIssueTime().toInstant().isAfter(latestAcceptable)) {
            return Optional.of(TokenRejection.Reason.NOT_YET_VALID.because("its iat claim lies in the future"));
        }
        return checkSubject(claims.getSubject()).or(() -> checkRoles(claims));
    }

    private static Optional<TokenRejection> checkSubject(String subject) {
        return subjectDefect(subject).map(defect -> TokenRejection.Reason.MALFORMED.because("the sub claim " + defect));
    }

    /**
     * What is wrong with a subject ({@code "is longer than 200 characters"}), or empty when the gateway can store it
     * as a user id. {@link TokenCommand} refuses to mint a token the gateway would refuse.
     */
    static Optional<String> subjectDefect(String subject) {
        if (subject == null || subject.isBlank()) {
            return Optional.of("is required and must not be blank");
        }
        if (subject.length() > MAXIMUM_SUBJECT_LENGTH) {
            return Optional.of("is longer than " + MAXIMUM_SUBJECT_LENGTH + " characters");
        }
        if (subject.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("contains a control character");
        }
        return Optional.empty();
    }

    private Optional<TokenRejection> checkRoles(JWTClaimsSet claims) {
        if (!claims.getClaims().containsKey(rolesClaim)) {
            return Optional.empty();
        }
        if (claims.getClaim(rolesClaim) instanceof List<?> roles && roles.stream().allMatch(String.class::isInstance)) {
            return Optional.empty();
        }
        return Optional.of(TokenRejection.Reason.MALFORMED.because("the " + rolesClaim + " claim must be a JSON array of strings"));
    }
}

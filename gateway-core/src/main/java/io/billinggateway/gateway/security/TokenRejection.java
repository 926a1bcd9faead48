package io.billinggateway.gateway.security;

import static java.util.Objects.requireNonNull;

/**
 * Why a bearer token was not accepted, in words the caller can act on. The detail names the token's own defect
 * (a claim, its type or its limit) and never what the gateway expected to verify it with: no key, no secret, no
 * accepted algorithm, no part of the token itself.
 *
 * @param reason the kind of defect; the first words of {@link #detail()}
 * @param detail the sentence for the problem document's {@code detail}
 */
record TokenRejection(Reason reason, String detail) {
    /** The request attribute that carries the rejection from the token validator to the 401 answer. */
    static final String ATTRIBUTE = "billing.security.token-rejection";

    TokenRejection {
        requireNonNull(reason, "reason is null");
        requireNonNull(detail, "detail is null");
    }

    /** The kinds of defect a 401 answer distinguishes. */
    enum Reason {
        MISSING("the bearer token is missing"),
        MALFORMED("the bearer token is malformed"),
        EXPIRED("the bearer token has expired"),
        NOT_YET_VALID("the bearer token is not valid yet"),
        BAD_SIGNATURE("the bearer token has a bad signature");

        private final String phrase;

        Reason(String phrase) {
            this.phrase = phrase;
        }

        /** A rejection whose detail is this reason's phrase, followed by {@code explanation} when one is given. */
        TokenRejection because(String explanation) {
            return new TokenRejection(this, explanation.isEmpty() ? phrase : phrase + ": " + explanation);
        }

        TokenRejection rejection() {
            return because("");
        }
    }
}

package io.billinggateway.provider.mockfiat.card;

import io.billinggateway.spi.ErrorCode;

import static java.util.Objects.requireNonNull;

/** The issuer's answer to one attempt to take money from a card. */
public sealed interface CardAuthorization {
    /** The money can be captured. */
    record Approved() implements CardAuthorization {
    }

    /**
     * Nothing was captured.
     *
     * @param code how the gateway should treat the failure (whether a retry may succeed)
     * @param declineCode the PSP's machine-readable reason, Stripe-like ({@code card_declined}, {@code insufficient_funds})
     * @param reason one sentence for operators and the payer
     */
    record Declined(ErrorCode code, String declineCode, String reason) implements CardAuthorization {
        public Declined {
            requireNonNull(code, "code is null");
            requireNonNull(declineCode, "declineCode is null");
            requireNonNull(reason, "reason is null");
            if (declineCode.isBlank() || reason.isBlank()) {
                throw new IllegalArgumentException("a decline needs a decline code and a reason");
            }
        }
    }

    static CardAuthorization approved() {
        return new Approved();
    }
}

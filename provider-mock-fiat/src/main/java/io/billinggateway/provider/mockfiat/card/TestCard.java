package io.billinggateway.provider.mockfiat.card;

import io.billinggateway.spi.ErrorCode;

import java.util.Arrays;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The cards the mock PSP knows, each with a fixed behaviour at checkout and on later off-session (recurring)
 * charges. Numbers and tokens follow Stripe's test cards where Stripe has one for the behaviour.
 */
public enum TestCard {
    VISA("4242424242424242", "tok_visa",
            CardAuthorization.approved(),
            CardAuthorization.approved()),
    CHARGE_DECLINED("4000000000000002", "tok_chargeDeclined",
            new CardAuthorization.Declined(ErrorCode.PAYMENT_DECLINED, "card_declined", "the card was declined by its issuer"),
            new CardAuthorization.Declined(ErrorCode.PAYMENT_DECLINED, "card_declined", "the card was declined by its issuer")),
    INSUFFICIENT_FUNDS("4000000000009995", "tok_chargeDeclinedInsufficientFunds",
            new CardAuthorization.Declined(ErrorCode.INSUFFICIENT_FUNDS, "insufficient_funds", "the card has insufficient funds"),
            new CardAuthorization.Declined(ErrorCode.INSUFFICIENT_FUNDS, "insufficient_funds", "the card has insufficient funds")),
    NETWORK_ERROR("4000000000000119", "tok_networkError",
            new CardAuthorization.Declined(ErrorCode.NETWORK_UNAVAILABLE, "processing_error",
                    "the card network could not be reached while processing the card; nothing was captured"),
            new CardAuthorization.Declined(ErrorCode.NETWORK_UNAVAILABLE, "processing_error",
                    "the card network could not be reached while processing the card; nothing was captured")),
    /** Saved at checkout, then every off-session charge is declined (Stripe's "attach succeeds, charges fail"). */
    RECURRING_DECLINED("4000000000000341", "tok_chargeCustomerFail",
            CardAuthorization.approved(),
            new CardAuthorization.Declined(ErrorCode.PAYMENT_DECLINED, "card_declined",
                    "the saved card was declined by its issuer for an off-session charge")),
    /** Saved at checkout, then every off-session charge fails for insufficient funds. */
    RECURRING_INSUFFICIENT_FUNDS("4000000000003063", "tok_recurringInsufficientFunds",
            CardAuthorization.approved(),
            new CardAuthorization.Declined(ErrorCode.INSUFFICIENT_FUNDS, "insufficient_funds",
                    "the saved card has insufficient funds for an off-session charge"));

    private final String number;
    private final String token;
    private final CardAuthorization atCheckout;
    private final CardAuthorization offSession;

    TestCard(String number, String token, CardAuthorization atCheckout, CardAuthorization offSession) {
        this.number = number;
        this.token = token;
        this.atCheckout = atCheckout;
        this.offSession = offSession;
    }

    public String number() {
        return number;
    }

    public String token() {
        return token;
    }

    public String lastFourDigits() {
        return number.substring(number.length() - 4);
    }

    /** The answer when the payer pays on the hosted page. */
    public CardAuthorization authorizeAtCheckout() {
        return atCheckout;
    }

    /** The answer when the saved card is charged without the payer (a subscription renewal). */
    public CardAuthorization authorizeOffSession() {
        return offSession;
    }

    public static Optional<TestCard> byNumber(String number) {
        requireNonNull(number, "number is null");
        return Arrays.stream(values()).filter(card -> card.number.equals(number)).findFirst();
    }

    public static Optional<TestCard> byToken(String token) {
        requireNonNull(token, "token is null");
        return Arrays.stream(values()).filter(card -> card.token.equals(token)).findFirst();
    }
}

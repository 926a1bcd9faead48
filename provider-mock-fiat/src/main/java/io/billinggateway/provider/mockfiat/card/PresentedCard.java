package io.billinggateway.provider.mockfiat.card;

import io.billinggateway.spi.ErrorCode;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * A card as the payer entered it on the hosted page: either one of the {@link TestCard test cards}, or a
 * number the PSP does not know, which is declined.
 *
 * @param lastFourDigits the only part of the number the PSP keeps
 * @param testCard the test card, when the number or token is one
 * @param validNumber whether the number passes the Luhn check every real card number passes
 */
public record PresentedCard(String lastFourDigits, Optional<TestCard> testCard, boolean validNumber) {
    public static final TestCard DEFAULT = TestCard.VISA;

    private static final int SHORTEST_CARD_NUMBER = 12;
    private static final int LONGEST_CARD_NUMBER = 19;

    public PresentedCard {
        requireNonNull(lastFourDigits, "lastFourDigits is null");
        requireNonNull(testCard, "testCard is null");
    }

    public static PresentedCard of(TestCard card) {
        return new PresentedCard(card.lastFourDigits(), Optional.of(card), true);
    }

    /**
     * Reads a card number as typed, ignoring spaces and dashes.
     *
     * @throws IllegalArgumentException when it is not 12 to 19 digits; nothing is attempted with such input
     */
    public static PresentedCard ofNumber(String typed) {
        requireNonNull(typed, "typed is null");
        String digits = typed.replace(" ", "").replace("-", "");
        if (digits.length() < SHORTEST_CARD_NUMBER || digits.length() > LONGEST_CARD_NUMBER
                || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("a card number is 12 to 19 digits");
        }
        return new PresentedCard(digits.substring(digits.length() - 4), TestCard.byNumber(digits), passesLuhnCheck(digits));
    }

    /**
     * Reads a test token such as {@code tok_visa}.
     *
     * @throws IllegalArgumentException naming the known tokens when the token is unknown
     */
    public static PresentedCard ofToken(String token) {
        requireNonNull(token, "token is null");
        return TestCard.byToken(token.strip())
                .map(PresentedCard::of)
                .orElseThrow(() -> new IllegalArgumentException("no such token '" + token.strip() + "'; known tokens are "
                        + Arrays.stream(TestCard.values()).map(TestCard::token).collect(Collectors.joining(", "))));
    }

    /** The answer when the payer pays with this card on the hosted page. */
    public CardAuthorization authorizeAtCheckout() {
        return testCard.map(TestCard::authorizeAtCheckout).orElseGet(this::unknownCardDeclined);
    }

    private CardAuthorization unknownCardDeclined() {
        if (!validNumber) {
            return new CardAuthorization.Declined(ErrorCode.PAYMENT_DECLINED, "incorrect_number",
                    "the card number ending in " + lastFourDigits + " is not a valid card number (it fails the Luhn check)");
        }
        return new CardAuthorization.Declined(ErrorCode.PAYMENT_DECLINED, "card_not_supported",
                "the card ending in " + lastFourDigits + " is not a test card of the mock PSP; pay with "
                        + DEFAULT.number() + " or another test card listed in the provider's README");
    }

    /** The Luhn checksum; unknown numbers are declined either way, it only sharpens the reason. */
    static boolean passesLuhnCheck(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int index = digits.length() - 1; index >= 0; index--) {
            int digit = digits.charAt(index) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}

package io.billinggateway.provider.mockfiat.card;

import io.billinggateway.spi.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PresentedCardTest {
    @ParameterizedTest
    @EnumSource(TestCard.class)
    void everyTestCardIsFoundByNumberAndTokenAndHasAValidNumber(TestCard card) {
        assertThat(PresentedCard.ofNumber(card.number()).testCard()).contains(card);
        assertThat(PresentedCard.ofToken(card.token()).testCard()).contains(card);
        assertThat(PresentedCard.passesLuhnCheck(card.number())).isTrue();
    }

    @Test
    void numbersAreReadAsTypedWithSpacesOrDashes() {
        assertThat(PresentedCard.ofNumber(" 4000-0000-0000-0002 ").testCard()).contains(TestCard.CHARGE_DECLINED);
        assertThat(PresentedCard.ofNumber("4242 4242 4242 4242").lastFourDigits()).isEqualTo("4242");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "4242", "4242 4242 4242 4242 4242", "4242abcd42424242"})
    void inputThatIsNoCardNumberIsRefused(String typed) {
        assertThatThrownBy(() -> PresentedCard.ofNumber(typed)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 to 19 digits");
    }

    @Test
    void unknownNumbersAreDeclinedWithAReason() {
        CardAuthorization valid = PresentedCard.ofNumber("5555555555554444").authorizeAtCheckout();
        CardAuthorization invalid = PresentedCard.ofNumber("5555555555554445").authorizeAtCheckout();

        assertThat(valid).isEqualTo(new CardAuthorization.Declined(ErrorCode.PAYMENT_DECLINED, "card_not_supported",
                "the card ending in 4444 is not a test card of the mock PSP; pay with 4242424242424242 or another test card listed in the provider's README"));
        assertThat(invalid).isInstanceOfSatisfying(CardAuthorization.Declined.class, declined -> assertThat(declined.declineCode()).isEqualTo("incorrect_number"));
    }

    @Test
    void cardsSavedAtCheckoutBehaveDifferentlyOffSession() {
        assertThat(TestCard.RECURRING_DECLINED.authorizeAtCheckout()).isInstanceOf(CardAuthorization.Approved.class);
        assertThat(TestCard.RECURRING_DECLINED.authorizeOffSession()).isInstanceOfSatisfying(CardAuthorization.Declined.class,
                declined -> assertThat(declined.code()).isEqualTo(ErrorCode.PAYMENT_DECLINED));
        assertThat(TestCard.RECURRING_INSUFFICIENT_FUNDS.authorizeOffSession()).isInstanceOfSatisfying(CardAuthorization.Declined.class,
                declined -> assertThat(declined.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS));
        assertThat(TestCard.VISA.authorizeOffSession()).isInstanceOf(CardAuthorization.Approved.class);
    }
}

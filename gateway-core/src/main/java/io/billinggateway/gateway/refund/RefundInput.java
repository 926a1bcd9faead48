package io.billinggateway.gateway.refund;

import io.billinggateway.gateway.checkout.IdempotencyKey;
import io.billinggateway.gateway.input.TextRules;
import io.billinggateway.gateway.problem.InvalidRequestException;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A refund request's body once it is known to fit what stores it: {@code amount} a positive integer below 10^78
 * ({@code NUMERIC(78,0)}), {@code reason} a multi-line text of at most 2,000 characters ({@code VARCHAR(2000)}) under
 * the {@link TextRules} every stored text follows (NUL, escape sequences and other control characters refused). Checked
 * before anything is stored or any provider is asked.
 *
 * @param amount empty for everything not yet refunded
 * @param reason empty when none was given
 */
record RefundInput(Optional<BigInteger> amount, String reason) {
    static final int REASON_LENGTH = 2000;
    static final int AMOUNT_DIGITS = 78;
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final int ECHO_LENGTH = 40;

    RefundInput {
        requireNonNull(amount, "amount is null");
        requireNonNull(reason, "reason is null");
    }

    static RefundInput of(String amount, String reason) {
        InvalidRequestException.Collector errors = new InvalidRequestException.Collector();
        Optional<BigInteger> parsedAmount = Optional.empty();
        if (amount != null) {
            if (amount.length() > AMOUNT_DIGITS || !DIGITS.matcher(amount).matches()) {
                errors.add("amount", "must be a positive integer of the asset's smallest unit below 10^78 (at most " + AMOUNT_DIGITS
                        + " digits, as a string), got " + describe(amount));
            }
            else if (new BigInteger(amount).signum() == 0) {
                errors.add("amount", "must be positive; leave it out to refund everything not yet refunded");
            }
            else {
                parsedAmount = Optional.of(new BigInteger(amount));
            }
        }
        String text = reason == null ? "" : reason;
        TextRules.check(errors, "reason", text, REASON_LENGTH, true);
        errors.throwIfAny();
        return new RefundInput(parsedAmount, text);
    }

    /** The canonical request, fingerprinted with its {@code Idempotency-Key}. */
    String fingerprint() {
        return IdempotencyKey.fingerprint("refund\n" + amount.map(BigInteger::toString).orElse("") + "\n" + reason);
    }

    /** The rejected value, quoted when short and printable, else only its length. */
    private static String describe(String value) {
        boolean printable = value.chars().allMatch(character -> character >= 0x20 && character < 0x7f);
        return printable && value.length() <= ECHO_LENGTH ? "'" + value + "'" : "a value of " + value.length() + " characters";
    }
}

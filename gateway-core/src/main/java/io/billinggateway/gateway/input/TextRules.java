package io.billinggateway.gateway.input;

import io.billinggateway.gateway.problem.InvalidRequestException;

import java.util.Optional;

/**
 * What any text the gateway stores must satisfy: valid Unicode, no NUL or other control characters (line feeds,
 * carriage returns and tabs only where the field is multi-line), and no more characters than its column holds.
 * PostgreSQL refuses NUL outright and counts a column's length in characters, as {@link String#codePointCount} does.
 */
public final class TextRules {
    /** The limit of a text field that declares none: the widest free-text column ({@code VARCHAR(2000)}). */
    public static final int DEFAULT_MAX_LENGTH = 2000;
    private static final int SHOWN_LENGTH = 64;

    private TextRules() {
    }

    /** What is wrong with {@code value}, in words that name the limit but never echo the value; empty when nothing is. */
    public static Optional<String> problem(String value, int maxLength, boolean multiline) {
        int length = value.codePointCount(0, value.length());
        if (length > maxLength) {
            return Optional.of("must be at most " + maxLength + " characters, got " + length);
        }
        for (int index = 0; index < value.length(); index++) {
            char character = value.charAt(index);
            if (Character.isHighSurrogate(character) && index + 1 < value.length() && Character.isLowSurrogate(value.charAt(index + 1))) {
                index++;
                continue;
            }
            if (Character.isSurrogate(character)) {
                return Optional.of("must be valid Unicode (an unpaired surrogate at position " + index + ")");
            }
            boolean allowedWhitespace = multiline && (character == '\n' || character == '\r' || character == '\t');
            if (Character.isISOControl(character) && !allowedWhitespace) {
                return Optional.of("must not contain control characters (U+%04X at position %d)%s".formatted((int) character, index,
                        multiline ? "; only line feeds, carriage returns and tabs are allowed" : ""));
            }
        }
        return Optional.empty();
    }

    /** A caller's value as it may be shown back in a problem: at most 64 characters, control characters and lone surrogates escaped. */
    public static String printable(String value) {
        StringBuilder shown = new StringBuilder();
        value.codePoints().limit(SHOWN_LENGTH).forEach(point -> {
            if (Character.isISOControl(point) || Character.getType(point) == Character.SURROGATE) {
                shown.append("\\u%04X".formatted(point));
            }
            else {
                shown.appendCodePoint(point);
            }
        });
        return value.codePointCount(0, value.length()) > SHOWN_LENGTH ? shown + "..." : shown.toString();
    }

    /** Adds {@code field}'s problem to {@code errors}; a null value is left to the caller's required-field check. */
    public static void check(InvalidRequestException.Collector errors, String field, String value, int maxLength, boolean multiline) {
        if (value != null) {
            problem(value, maxLength, multiline).ifPresent(problem -> errors.add(field, problem));
        }
    }
}

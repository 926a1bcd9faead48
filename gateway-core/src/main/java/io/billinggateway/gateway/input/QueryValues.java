package io.billinggateway.gateway.input;

import io.billinggateway.gateway.problem.InvalidRequestException;

import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Query parameters read as text and parsed here, strictly: the framework's own conversion turns an unparsable
 * optional value ({@code ?limit=abc}) into "absent" without a word, which hides the caller's mistake.
 */
public final class QueryValues {
    private QueryValues() {
    }

    /**
     * The integer {@code text} holds, or {@code defaultValue} when it is absent.
     *
     * @throws InvalidRequestException naming the parameter and the range when {@code text} is not an integer within it
     */
    public static int integer(String name, String text, int min, int max, int defaultValue) {
        if (text == null || text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        }
        catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidRequestException(List.of(name + ": must be an integer from " + min + " to " + max));
    }

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,78}");
    private static final int TEXT_LENGTH = 200;

    /**
     * The instant {@code text} holds (ISO-8601 with an offset, {@code 2026-01-31T00:00:00Z}), or null when it is absent.
     *
     * @throws InvalidRequestException naming the parameter when {@code text} is not such an instant
     */
    public static Instant instant(String name, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        }
        catch (DateTimeParseException e) {
            throw new InvalidRequestException(List.of(name + ": must be an ISO-8601 date and time with an offset, e.g. 2026-01-31T00:00:00Z"));
        }
    }

    /**
     * The non-negative integer {@code text} holds (at most 78 digits, as an amount in minor units), or null when it is absent.
     *
     * @throws InvalidRequestException naming the parameter when {@code text} is not such an integer
     */
    public static BigInteger amount(String name, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (!DIGITS.matcher(text).matches()) {
            throw new InvalidRequestException(List.of(name + ": must be a non-negative integer of the asset's smallest unit, at most 78 digits"));
        }
        return new BigInteger(text);
    }

    /**
     * The UUID {@code text} holds, or null when it is absent.
     *
     * @throws InvalidRequestException naming the parameter when {@code text} is not a UUID
     */
    public static UUID uuid(String name, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        }
        catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new InvalidRequestException(List.of(name + ": must be a UUID"));
    }

    /**
     * {@code text} when it is one of {@code allowed} (compared in lower case), {@code defaultValue} when it is absent.
     *
     * @throws InvalidRequestException naming the parameter and the allowed values otherwise
     */
    public static String oneOf(String name, String text, List<String> allowed, String defaultValue) {
        if (text == null || text.isEmpty()) {
            return defaultValue;
        }
        String value = text.toLowerCase(Locale.ROOT);
        if (allowed.contains(value)) {
            return value;
        }
        throw new InvalidRequestException(List.of(name + ": must be one of " + String.join(", ", allowed)));
    }

    /**
     * {@code text} as an exact-match filter, or null when it is absent.
     *
     * @throws InvalidRequestException naming the parameter when it is longer than any stored value or holds control characters
     */
    public static String text(String name, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.length() > TEXT_LENGTH || text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException(List.of(name + ": must be at most " + TEXT_LENGTH + " characters without control characters"));
        }
        return text;
    }
}

package io.billinggateway.gateway.input;

import io.billinggateway.gateway.problem.InvalidRequestException;

import java.util.List;

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
}

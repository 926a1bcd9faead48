package io.billinggateway.gateway.fuzz;

import static java.util.Objects.requireNonNull;

/**
 * What a body field may hold, from the controllers, {@code docs/api.md} and the columns that store it.
 *
 * @param path the field in the body, {@code /}-separated with list indexes ({@code prices/0/amount})
 * @param maxLength the longest valid text (the storing column's length); 0 where nothing stores the text
 * @param required whether a request without it is invalid
 */
record FieldRule(String path, Kind kind, int maxLength, boolean required) {
    enum Kind {
        /** Names something that must exist (a plan, a network, an asset): an unknown value is invalid. */
        REFERENCE,
        /** A new identifier with a pattern (a plan's slug). */
        SLUG,
        /** Free text: any printable characters up to the limit. */
        TEXT,
        /** Integer minor units as a string. */
        AMOUNT,
        /** An ISO-8601 billing period. */
        DURATION,
        BOOLEAN,
        INTEGER,
        UUID,
        /** An absolute http(s) URL. */
        URL,
        /** A list of objects whose fields have rules of their own. */
        LIST
    }

    FieldRule {
        requireNonNull(path, "path is null");
        requireNonNull(kind, "kind is null");
    }

    static FieldRule required(String path, Kind kind, int maxLength) {
        return new FieldRule(path, kind, maxLength, true);
    }

    static FieldRule optional(String path, Kind kind, int maxLength) {
        return new FieldRule(path, kind, maxLength, false);
    }
}

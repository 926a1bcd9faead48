package io.billinggateway.spi;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Asks for final events after a cursor.
 *
 * @param cursor the {@link EventPage#nextCursor()} of the previous page; empty to start from the provider's configured beginning
 * @param maxEvents the most events to return (at least 1)
 */
public record PollEventsRequest(Optional<String> cursor, int maxEvents) {
    public PollEventsRequest {
        requireNonNull(cursor, "cursor is null");
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1, got " + maxEvents);
        }
    }
}

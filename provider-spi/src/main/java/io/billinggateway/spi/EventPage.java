package io.billinggateway.spi;

import java.util.List;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/**
 * Events after a cursor, in the order they happened, and the cursor to continue from. The gateway persists
 * {@code nextCursor} only after it has applied the events, so a provider may return the same events again
 * after a crash; their ids make that harmless.
 *
 * @param caughtUp whether the provider has nothing more that is final right now
 */
public record EventPage(List<BillingEvent> events, String nextCursor, boolean caughtUp) {
    public EventPage {
        events = List.copyOf(requireNonNull(events, "events is null"));
        requireText(nextCursor, "nextCursor");
    }
}

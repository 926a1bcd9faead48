package io.billinggateway.provider.mockfiat.webhook;

import static java.util.Objects.requireNonNull;

/**
 * A webhook's content before it is queued: its {@code type} and its JSON body
 * {@code {"type": ..., "timestamp": ..., "data": {...}}}.
 */
public record WebhookEvent(String type, String body) {
    public WebhookEvent {
        requireNonNull(type, "type is null");
        requireNonNull(body, "body is null");
    }
}

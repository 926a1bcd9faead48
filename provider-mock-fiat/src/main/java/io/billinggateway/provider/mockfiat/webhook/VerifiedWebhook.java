package io.billinggateway.provider.mockfiat.webhook;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A webhook whose signature and timestamp verified.
 *
 * @param messageId the {@code webhook-id}, unique per event and the same on every redelivery
 * @param body the body as text, exactly as signed
 */
public record VerifiedWebhook(String messageId, Instant timestamp, String body) {
    public VerifiedWebhook {
        requireNonNull(messageId, "messageId is null");
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(body, "body is null");
    }
}

package io.billinggateway.provider.mockfiat.webhook;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.InboundWebhook;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * Verifies inbound Standard Webhooks: the three headers are present, a {@code v1} signature matches the
 * secret, and the signed timestamp is within the tolerance of the moment the webhook arrived, which is what
 * makes a captured message useless for a replay later. Every rejection is {@link ErrorCode#SIGNATURE_INVALID};
 * no message names the secret or the expected signature.
 *
 * <p>The arrival is {@link InboundWebhook#receivedAt()}, which the host stamps from its clock (the same clock as
 * {@code ProviderContext.clock()}) when the request comes in. Measuring against it rather than against the time
 * of verification keeps a genuine delivery valid when the host verifies it a little later (from an inbox, after
 * a retry), while a replay arrives late and is refused. A {@code receivedAt} later than the provider's own
 * clock by more than the tolerance is refused too: nothing can have arrived in the future.
 */
public final class WebhookVerifier {
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private final WebhookSecret secret;
    private final Duration tolerance;
    private final Clock clock;

    public WebhookVerifier(WebhookSecret secret, Duration tolerance, Clock clock) {
        this.secret = requireNonNull(secret, "secret is null");
        this.tolerance = requireNonNull(tolerance, "tolerance is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public VerifiedWebhook verify(InboundWebhook webhook) {
        requireNonNull(webhook, "webhook is null");
        String messageId = requireHeader(webhook, ID_HEADER);
        String timestampText = requireHeader(webhook, TIMESTAMP_HEADER);
        String signatures = requireHeader(webhook, SIGNATURE_HEADER);
        long timestampSeconds = parseTimestamp(timestampText);
        Instant timestamp = Instant.ofEpochSecond(timestampSeconds);
        Instant arrived = webhook.receivedAt();
        if (Duration.between(timestamp, arrived).abs().compareTo(tolerance) > 0) {
            throw invalid("webhook " + messageId + " is signed at " + timestamp + ", more than the tolerance of " + tolerance
                    + " away from its arrival at " + arrived + "; it is a replay or a clock is wrong");
        }
        Instant now = clock.instant();
        if (arrived.isAfter(now.plus(tolerance))) {
            throw invalid("webhook " + messageId + " claims to have arrived at " + arrived + ", after now (" + now + ")");
        }
        byte[] body = webhook.body();
        if (!WebhookSignature.matches(signatures, secret, messageId, timestampSeconds, body)) {
            throw invalid("no " + WebhookSignature.VERSION + " signature of webhook " + messageId
                    + " matches its body; the body was altered or the PSP signs with another webhook secret");
        }
        return new VerifiedWebhook(messageId, timestamp, decode(messageId, body));
    }

    private static String requireHeader(InboundWebhook webhook, String name) {
        String value = webhook.header(name).map(String::strip).orElse("");
        if (value.isEmpty()) {
            throw invalid("the webhook has no '" + name + "' header; Standard Webhooks need webhook-id, webhook-timestamp and webhook-signature");
        }
        return value;
    }

    private static long parseTimestamp(String text) {
        if (text.length() > 12 || !text.chars().allMatch(Character::isDigit)) {
            throw invalid("the webhook-timestamp header must be whole seconds since the epoch, got '" + text + "'");
        }
        return Long.parseLong(text);
    }

    private static String decode(String messageId, byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        }
        catch (CharacterCodingException e) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "the body of webhook " + messageId + " is not UTF-8");
        }
    }

    private static BillingException invalid(String message) {
        return new BillingException(ErrorCode.SIGNATURE_INVALID, message);
    }
}

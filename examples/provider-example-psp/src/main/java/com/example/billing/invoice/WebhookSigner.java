package com.example.billing.invoice;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.InboundWebhook;
import io.billinggateway.spi.Secret;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Signs and verifies webhooks in the Standard Webhooks format: headers {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature} ({@code v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">}). A secret written {@code whsec_<base64>} is the base64-decoded key; any other secret is
 * used as its UTF-8 bytes. Messages never contain the key.
 */
final class WebhookSigner {
    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";

    private final byte[] key;
    private final Duration tolerance;

    WebhookSigner(Secret secret, Duration tolerance) {
        requireNonNull(secret, "secret is null");
        this.tolerance = requireNonNull(tolerance, "tolerance is null");
        String value = secret.reveal();
        this.key = value.startsWith("whsec_") ? decode(value.substring("whsec_".length()), secret) : value.getBytes(StandardCharsets.UTF_8);
    }

    /** The headers of a delivery of {@code body} with message id {@code messageId}, signed at {@code now}. */
    Map<String, List<String>> headers(String messageId, Instant now, byte[] body) {
        String timestamp = Long.toString(now.getEpochSecond());
        return Map.of(
                "content-type", List.of("application/json"),
                ID, List.of(messageId),
                TIMESTAMP, List.of(timestamp),
                SIGNATURE, List.of("v1," + sign(messageId, timestamp, body)));
    }

    /** @throws BillingException {@link ErrorCode#SIGNATURE_INVALID} saying what is wrong, never with the key or the expected signature */
    void verify(InboundWebhook webhook, Instant now) {
        String messageId = webhook.header(ID).orElseThrow(() -> invalid("has no " + ID + " header"));
        String timestamp = webhook.header(TIMESTAMP).orElseThrow(() -> invalid("has no " + TIMESTAMP + " header"));
        String signatures = webhook.header(SIGNATURE).orElseThrow(() -> invalid("has no " + SIGNATURE + " header"));
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        }
        catch (NumberFormatException e) {
            throw invalid("has a malformed " + TIMESTAMP + " header");
        }
        Duration age = Duration.between(Instant.ofEpochSecond(seconds), now).abs();
        if (age.compareTo(tolerance) > 0) {
            throw invalid("was signed " + age + " away from now, outside the tolerance of " + tolerance + " (a replay or a wrong clock)");
        }
        byte[] expected = sign(messageId, timestamp.strip(), webhook.body()).getBytes(StandardCharsets.US_ASCII);
        for (String candidate : signatures.strip().split(" ")) {
            if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected, candidate.substring(3).getBytes(StandardCharsets.US_ASCII))) {
                return;
            }
        }
        throw invalid("has no valid v1 signature");
    }

    private String sign(String messageId, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        }
        catch (GeneralSecurityException e) {
            throw new BillingException(ErrorCode.INTERNAL, "HmacSHA256 is not available in this JVM", e);
        }
    }

    private static byte[] decode(String base64, Secret secret) {
        try {
            return Base64.getDecoder().decode(base64);
        }
        catch (IllegalArgumentException e) {
            throw new BillingException(ErrorCode.CONFIGURATION_INVALID, "the webhook secret " + secret.reference() + " starts with whsec_ but the rest is not base64");
        }
    }

    private static BillingException invalid(String problem) {
        return new BillingException(ErrorCode.SIGNATURE_INVALID, "webhook " + problem);
    }
}

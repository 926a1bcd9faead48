package io.billinggateway.provider.mockfiat;

import io.billinggateway.spi.InboundWebhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature scheme written again from the specification
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md), independently of
 * the provider's code, so that the provider's signatures are checked against the specification and not
 * against themselves:
 *
 * <ul>
 *   <li>the secret is {@code whsec_} followed by the base64 of the key;</li>
 *   <li>the signed content is {@code msg_id + "." + timestamp + "." + payload};</li>
 *   <li>the signature is base64 of HMAC-SHA256 of it, sent as {@code v1,<signature>} in {@code webhook-signature},
 *       several of them separated by spaces;</li>
 *   <li>a verifier refuses a timestamp too far from now and compares in constant time.</li>
 * </ul>
 */
final class StandardWebhooksReference {
    private static final String PREFIX = "whsec_";

    private StandardWebhooksReference() {
    }

    static String sign(String secret, String messageId, long timestamp, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = Base64.getDecoder().decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal((messageId + "." + timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a received webhook verifies, as a receiver library would check it at {@code now}. */
    static boolean verifies(String secret, InboundWebhook webhook, Instant now, Duration tolerance) {
        String messageId = webhook.header("webhook-id").orElse(null);
        String timestamp = webhook.header("webhook-timestamp").orElse(null);
        String signatures = webhook.header("webhook-signature").orElse(null);
        if (messageId == null || timestamp == null || signatures == null) {
            return false;
        }
        long seconds = Long.parseLong(timestamp);
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = sign(secret, messageId, seconds, new String(webhook.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        for (String candidate : signatures.split(" ")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }
}

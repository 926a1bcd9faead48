package io.billinggateway.provider.mockfiat.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static java.util.Objects.requireNonNull;

/**
 * The Standard Webhooks signature scheme {@code v1}: {@code base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))},
 * sent as {@code webhook-signature: v1,<signature>}; several signatures may be sent separated by spaces
 * (during a secret rotation), and a receiver accepts the message when any of them verifies.
 */
public final class WebhookSignature {
    public static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    /** The header value {@code v1,<base64 signature>}. */
    public static String sign(WebhookSecret secret, String messageId, long timestampSeconds, byte[] body) {
        return VERSION + "," + Base64.getEncoder().encodeToString(mac(secret, messageId, timestampSeconds, body));
    }

    /**
     * Whether any {@code v1} signature in a {@code webhook-signature} header value matches. Signatures of other
     * versions are ignored; every candidate is compared in constant time.
     */
    public static boolean matches(String headerValue, WebhookSecret secret, String messageId, long timestampSeconds, byte[] body) {
        requireNonNull(headerValue, "headerValue is null");
        byte[] expected = mac(secret, messageId, timestampSeconds, body);
        boolean matched = false;
        for (String candidate : headerValue.strip().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !candidate.substring(0, comma).equals(VERSION)) {
                continue;
            }
            byte[] presented;
            try {
                presented = Base64.getDecoder().decode(candidate.substring(comma + 1));
            }
            catch (IllegalArgumentException e) {
                continue;
            }
            // no early exit: the time taken does not tell which candidate matched
            matched |= MessageDigest.isEqual(expected, presented);
        }
        return matched;
    }

    private static byte[] mac(WebhookSecret secret, String messageId, long timestampSeconds, byte[] body) {
        requireNonNull(secret, "secret is null");
        requireNonNull(messageId, "messageId is null");
        requireNonNull(body, "body is null");
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.key(), ALGORITHM));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        }
        catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime provides " + ALGORITHM, e);
        }
    }
}

package io.billinggateway.gateway.outbox;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/**
 * Signs outgoing webhooks in the Standard Webhooks format: {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<body>">} with the secret's bytes (the base64 part after {@code whsec_}).
 */
final class StandardWebhookSigner {
    private static final String PREFIX = "whsec_";
    private final byte[] key;

    StandardWebhookSigner(String secret) {
        requireNonNull(secret, "secret is null");
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("an outbox endpoint secret must be a Standard Webhooks secret whsec_<base64>");
        }
        try {
            this.key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("an outbox endpoint secret must be whsec_ followed by base64", e);
        }
        if (key.length < 24) {
            throw new IllegalArgumentException("an outbox endpoint secret must hold at least 24 bytes");
        }
    }

    String sign(String messageId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}

package io.billinggateway.gateway.fuzz;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A webhook delivery of the PSP, and the Standard Webhooks signature ({@code v1}: HMAC-SHA256 over
 * {@code id.timestamp.body} with the decoded {@code whsec_} key) to sign altered copies of it.
 *
 * @param body the genuine body, exactly as the PSP sent it
 * @param content the body parsed, for altered events that are signed anew
 */
record SignedDelivery(String id, long timestamp, String signature, byte[] body, Map<String, Object> content, String secret) {
    SignedDelivery {
        requireNonNull(id, "id is null");
        requireNonNull(signature, "signature is null");
        requireNonNull(body, "body is null");
        requireNonNull(secret, "secret is null");
        content = Map.copyOf(content);
    }

    String sign(String messageId, long timestampSeconds, byte[] content) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

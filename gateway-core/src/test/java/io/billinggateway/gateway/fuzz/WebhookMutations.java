package io.billinggateway.gateway.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static io.billinggateway.gateway.fuzz.Mutation.invalid;
import static io.billinggateway.gateway.fuzz.Mutation.valid;

/**
 * Deliveries to a webhook endpoint built from a genuine one: the genuine delivery again (a duplicate, which
 * changes nothing), then forgeries and malformed deliveries that must be rejected. Values are {@link Variant}s.
 */
final class WebhookMutations {
    /** @param signature null to send none */
    record Variant(byte[] body, String id, String timestamp, String signature) {
    }

    private WebhookMutations() {
    }

    /**
     * The genuine delivery as the PSP sends it again: same message id and body, a fresh timestamp and its
     * signature (the original timestamp leaves the PSP's five-minute tolerance during a long run).
     */
    static Variant genuine(SignedDelivery delivery) {
        long now = System.currentTimeMillis() / 1000;
        return new Variant(delivery.body(), delivery.id(), Long.toString(now), delivery.sign(delivery.id(), now, delivery.body()));
    }

    static List<Mutation> of(SignedDelivery delivery) {
        byte[] body = delivery.body();
        Variant genuine = genuine(delivery);
        String id = genuine.id();
        String timestamp = genuine.timestamp();
        long now = Long.parseLong(timestamp);
        byte[] garbage = "not a webhook".getBytes(StandardCharsets.UTF_8);
        byte[] huge = ("{\"padding\":\"" + "a".repeat(BodyMutations.OVER_ONE_MEGABYTE) + "\"}").getBytes(StandardCharsets.UTF_8);
        return List.of(
                valid("the genuine delivery again", genuine),
                invalid("the body with a space appended, under the genuine signature", new Variant(append(body, " "), id, timestamp, genuine.signature())),
                invalid("no signature", new Variant(body, id, timestamp, null)),
                invalid("a wrong signature", new Variant(body, id, timestamp, "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")),
                invalid("a signature of an unknown scheme", new Variant(body, id, timestamp, "v9," + genuine.signature().substring(3))),
                invalid("a signature of 10,000 characters", new Variant(body, id, timestamp, "v1," + "A".repeat(10_000))),
                invalid("signed correctly, an hour old", signedAt(delivery, "msg_fuzz_old", now - 3_600, body)),
                invalid("a timestamp that is not a number", new Variant(body, id, "yesterday", genuine.signature())),
                invalid("a webhook-id with NUL", new Variant(body, id + "\u0000", timestamp, genuine.signature())),
                invalid("an empty body, unsigned", new Variant(new byte[0], id, timestamp, null)),
                invalid("garbage, unsigned", new Variant(garbage, id, timestamp, null)),
                invalid("garbage, signed correctly", signedAt(delivery, "msg_fuzz_garbage", now, garbage)),
                invalid("NUL bytes, signed correctly", signedAt(delivery, "msg_fuzz_nul", now, new byte[] {0, 0, 0})),
                valid("an empty JSON object, signed correctly", signedAt(delivery, "msg_fuzz_empty", now, "{}".getBytes(StandardCharsets.UTF_8))),
                invalid("over 1 MB, signed correctly", signedAt(delivery, "msg_fuzz_huge", now, huge)));
    }

    private static Variant signedAt(SignedDelivery delivery, String id, long timestamp, byte[] body) {
        return new Variant(body, id, Long.toString(timestamp), delivery.sign(id, timestamp, body));
    }

    private static byte[] append(byte[] body, String suffix) {
        byte[] extra = suffix.getBytes(StandardCharsets.UTF_8);
        byte[] joined = Arrays.copyOf(body, body.length + extra.length);
        System.arraycopy(extra, 0, joined, body.length, extra.length);
        return joined;
    }
}

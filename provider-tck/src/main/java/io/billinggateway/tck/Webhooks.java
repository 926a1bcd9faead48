package io.billinggateway.tck;

import io.billinggateway.spi.InboundWebhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Forged and tampered variants of webhook deliveries, for signature checks. */
final class Webhooks {
    /** A run long enough to be a signature or a timestamp, not a scheme tag such as {@code v1} or {@code t}. */
    private static final Pattern SIGNED_TOKEN = Pattern.compile("[A-Za-z0-9+/_-]{8,}");

    private Webhooks() {
    }

    /** The same delivery with one digit of the body changed (an amount, an id), or a trailing space when it has no digit. */
    static InboundWebhook withTamperedBody(InboundWebhook webhook) {
        byte[] body = webhook.body();
        for (int index = body.length - 1; index >= 0; index--) {
            if (body[index] >= '0' && body[index] <= '9') {
                body[index] = (byte) (body[index] == '9' ? '8' : body[index] + 1);
                return new InboundWebhook(webhook.headers(), body, webhook.receivedAt());
            }
        }
        byte[] longer = Arrays.copyOf(body, body.length + 1);
        longer[body.length] = ' ';
        return new InboundWebhook(webhook.headers(), longer, webhook.receivedAt());
    }

    /**
     * The same delivery with every signature-like token of one header changed at its first character (the
     * last character of a base64 value may only carry padding bits, so changing it might not change the
     * decoded signature).
     */
    static InboundWebhook withTamperedHeader(InboundWebhook webhook, String header) {
        Map<String, List<String>> headers = new LinkedHashMap<>(webhook.headers());
        String name = header.toLowerCase(Locale.ROOT);
        List<String> values = headers.getOrDefault(name, List.of());
        headers.put(name, values.stream().map(Webhooks::tamper).toList());
        return new InboundWebhook(headers, webhook.body(), webhook.receivedAt());
    }

    static InboundWebhook withoutHeaders(InboundWebhook webhook, Set<String> names) {
        Set<String> removed = names.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Map<String, List<String>> headers = new LinkedHashMap<>(webhook.headers());
        headers.keySet().removeIf(removed::contains);
        return new InboundWebhook(headers, webhook.body(), webhook.receivedAt());
    }

    /** A delivery nobody signed, shaped like the common schemes (Standard Webhooks, Stripe). */
    static InboundWebhook forged(Instant now) {
        long seconds = now.getEpochSecond();
        Map<String, List<String>> headers = Map.of(
                "content-type", List.of("application/json"),
                "webhook-id", List.of("msg_tckforged0001"),
                "webhook-timestamp", List.of(Long.toString(seconds)),
                "webhook-signature", List.of("v1,dGNrLWZvcmdlZC1zaWduYXR1cmUtMDAwMDAwMDAwMDA="),
                "stripe-signature", List.of("t=" + seconds + ",v1=" + "00".repeat(32)));
        byte[] body = "{\"id\":\"evt_tck_forged\",\"type\":\"payment.succeeded\",\"data\":{\"amount\":1999}}".getBytes(StandardCharsets.UTF_8);
        return new InboundWebhook(headers, body, now);
    }

    private static String tamper(String value) {
        Matcher matcher = SIGNED_TOKEN.matcher(value);
        StringBuilder result = new StringBuilder(value);
        boolean changed = false;
        while (matcher.find()) {
            for (int index = matcher.start(); index < matcher.end(); index++) {
                char character = value.charAt(index);
                if (Character.isLetterOrDigit(character)) {
                    result.setCharAt(index, flip(character));
                    changed = true;
                    break;
                }
            }
        }
        if (!changed) {
            return value.isEmpty() ? "tampered" : value.substring(0, value.length() - 1) + flip(value.charAt(value.length() - 1));
        }
        return result.toString();
    }

    private static char flip(char character) {
        return switch (character) {
            case '9' -> '8';
            case 'z' -> 'y';
            case 'Z' -> 'Y';
            default -> Character.isLetterOrDigit(character) ? (char) (character + 1) : 'x';
        };
    }
}

package com.example.billing.invoice;

import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PSP's webhook body: one flat JSON object of string fields. Kept to the JDK so the plugin jar needs no
 * dependency; a plugin that wants Jackson bundles (or shades) it, and the gateway's own copy never interferes.
 *
 * <pre>{"id":"evt_7","type":"payment.confirmed","occurredAt":"2026-01-01T10:00:00Z","invoice":"inv_3","payment":"pay_2","amount":"1999","currency":"EUR"}</pre>
 */
final class EventJson {
    private EventJson() {
    }

    static byte[] encode(BillingEvent event) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", event.eventId());
        fields.put("occurredAt", event.occurredAt().toString());
        switch (event) {
            case BillingEvent.PaymentConfirmed confirmed -> {
                fields.put("type", "payment.confirmed");
                fields.put("invoice", confirmed.providerReference());
                fields.put("payment", confirmed.transactionRef());
                fields.put("amount", confirmed.amount().minorUnits().toString());
                fields.put("currency", confirmed.amount().asset());
            }
            case BillingEvent.PaymentFailed failed -> {
                fields.put("type", "payment.failed");
                fields.put("invoice", failed.providerReference());
                fields.put("code", failed.code().name());
                fields.put("reason", failed.reason());
            }
            case BillingEvent.PaymentRefunded refunded -> {
                fields.put("type", "payment.refunded");
                fields.put("payment", refunded.paymentRef());
                fields.put("refund", refunded.refundRef());
                fields.put("amount", refunded.amount().minorUnits().toString());
                fields.put("currency", refunded.amount().asset());
            }
            default -> throw new IllegalArgumentException("the invoice PSP does not send " + event.getClass().getSimpleName());
        }
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, name).append(':');
            quote(json, value);
        });
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws BillingException {@link ErrorCode#INVALID_REQUEST} when the body is not an event of this PSP */
    static BillingEvent decode(byte[] body) {
        Map<String, String> fields = parse(new String(body, StandardCharsets.UTF_8));
        try {
            String id = required(fields, "id");
            Instant occurredAt = Instant.parse(required(fields, "occurredAt"));
            return switch (required(fields, "type")) {
                case "payment.confirmed" -> new BillingEvent.PaymentConfirmed(id, occurredAt, required(fields, "invoice"), required(fields, "payment"), money(fields));
                case "payment.failed" -> new BillingEvent.PaymentFailed(id, occurredAt, required(fields, "invoice"),
                        ErrorCode.valueOf(required(fields, "code")), required(fields, "reason"));
                case "payment.refunded" -> new BillingEvent.PaymentRefunded(id, occurredAt, required(fields, "payment"), required(fields, "refund"), money(fields));
                default -> throw malformed("has an unknown type '" + fields.get("type") + "'");
            };
        }
        catch (DateTimeParseException | IllegalArgumentException e) {
            throw malformed("has a malformed field: " + e.getMessage());
        }
    }

    private static Money money(Map<String, String> fields) {
        return new Money(new BigInteger(required(fields, "amount")), required(fields, "currency"));
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw malformed("lacks the field '" + name + "'");
        }
        return value;
    }

    /** Reads {@code {"name":"value",...}}: string values only, as this PSP writes them. */
    private static Map<String, String> parse(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        int[] position = {skipSpace(json, 0)};
        expect(json, position, '{');
        if (peek(json, position) == '}') {
            return fields;
        }
        while (true) {
            String name = string(json, position);
            expect(json, position, ':');
            fields.put(name, string(json, position));
            char next = peek(json, position);
            position[0]++;
            if (next == '}') {
                return fields;
            }
            if (next != ',') {
                throw malformed("is not a flat JSON object of strings");
            }
        }
    }

    private static String string(String json, int[] position) {
        expect(json, position, '"');
        StringBuilder value = new StringBuilder();
        for (int index = position[0]; index < json.length(); index++) {
            char character = json.charAt(index);
            if (character == '"') {
                position[0] = index + 1;
                return value.toString();
            }
            if (character == '\\' && index + 1 < json.length()) {
                char escaped = json.charAt(++index);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case 'u' -> {
                        if (index + 4 >= json.length()) {
                            throw malformed("has a truncated escape");
                        }
                        value.append((char) Integer.parseInt(json.substring(index + 1, index + 5), 16));
                        index += 4;
                    }
                    default -> value.append(escaped);
                }
            }
            else {
                value.append(character);
            }
        }
        throw malformed("has an unterminated string");
    }

    private static void expect(String json, int[] position, char expected) {
        if (peek(json, position) != expected) {
            throw malformed("is not a flat JSON object of strings");
        }
        position[0]++;
    }

    private static char peek(String json, int[] position) {
        position[0] = skipSpace(json, position[0]);
        if (position[0] >= json.length()) {
            throw malformed("ends too early");
        }
        return json.charAt(position[0]);
    }

    private static int skipSpace(String json, int index) {
        while (index < json.length() && Character.isWhitespace(json.charAt(index))) {
            index++;
        }
        return index;
    }

    private static StringBuilder quote(StringBuilder json, String value) {
        json.append('"');
        for (char character : value.toCharArray()) {
            switch (character) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (character < 0x20) {
                        json.append(String.format("\\u%04x", (int) character));
                    }
                    else {
                        json.append(character);
                    }
                }
            }
        }
        return json.append('"');
    }

    private static BillingException malformed(String problem) {
        return new BillingException(ErrorCode.INVALID_REQUEST, "webhook body " + problem);
    }
}

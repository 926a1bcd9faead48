package io.billinggateway.gateway.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.billinggateway.gateway.fuzz.Mutation.ABSENT;
import static io.billinggateway.gateway.fuzz.Mutation.invalid;
import static io.billinggateway.gateway.fuzz.Mutation.valid;

/**
 * Replacements of a whole JSON body, simplest first: missing or empty bodies, JSON of the wrong shape,
 * malformed JSON, bytes no JSON parser may accept, and bodies beyond the gateway's 1 MB limit. The values are
 * the body bytes ({@link Mutation#ABSENT}: no body at all).
 */
final class BodyMutations {
    static final int OVER_ONE_MEGABYTE = 1_100_000;

    private BodyMutations() {
    }

    static List<Mutation> of(Endpoint.Body body, String validJson) {
        String field = body.fields().isEmpty() ? "field" : body.fields().getFirst().path().split("/")[0];
        boolean anyRequired = body.fields().stream().anyMatch(rule -> rule.required() && !rule.path().contains("/"));
        List<Mutation> mutations = new ArrayList<>();
        mutations.add(new Mutation("no body", ABSENT, body.required()));
        mutations.add(new Mutation("an empty body", bytes(""), body.required()));
        mutations.add(new Mutation("null", bytes("null"), body.required()));
        mutations.add(new Mutation("{}", bytes("{}"), anyRequired));
        mutations.add(invalid("[] (a list for the object)", bytes("[]")));
        mutations.add(invalid("a JSON string for the object", bytes("\"text\"")));
        mutations.add(invalid("a JSON number for the object", bytes("123")));
        mutations.add(invalid("malformed: {", bytes("{")));
        mutations.add(invalid("malformed: a value missing", bytes("{\"" + field + "\": }")));
        mutations.add(invalid("malformed: an unquoted name", bytes("{" + field + ": 1}")));
        mutations.add(invalid("trailing garbage", bytes(validJson + "x")));
        mutations.add(invalid("two JSON documents", bytes(validJson + validJson)));
        mutations.add(invalid("a raw NUL byte in a string", bytes("{\"" + field + "\": \"a\u0000b\"}")));
        mutations.add(invalid("invalid UTF-8 in a string", invalidUtf8(field)));
        mutations.add(invalid("100,000 nested lists", bytes("[".repeat(100_000))));
        mutations.add(invalid("10,000 nested objects", bytes("{\"a\":".repeat(10_000))));
        mutations.add(new Mutation("an unknown field", bytes("{\"unexpectedField\":1," + validJson.substring(1)), body.strict()));
        mutations.add(valid("a field given twice", bytes("{\"" + field + "\":\"shadowed\"," + validJson.substring(1))));
        mutations.add(valid("a byte order mark before the JSON", bytes("\uFEFF" + validJson)));
        mutations.add(valid("100,000 spaces before the JSON", bytes(" ".repeat(100_000) + validJson)));
        mutations.add(valid("the valid JSON in UTF-16", validJson.getBytes(StandardCharsets.UTF_16)));
        mutations.add(invalid("over 1 MB", bytes("{\"" + field + "\":\"" + "a".repeat(OVER_ONE_MEGABYTE) + "\"}")));
        return mutations;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] invalidUtf8(String field) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("{\"" + field + "\": \"a"));
        out.writeBytes(new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff});
        out.writeBytes(bytes("\"}"));
        return out.toByteArray();
    }
}

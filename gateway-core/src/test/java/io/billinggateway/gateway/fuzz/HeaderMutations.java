package io.billinggateway.gateway.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.billinggateway.gateway.fuzz.Mutation.ABSENT;
import static io.billinggateway.gateway.fuzz.Mutation.invalid;
import static io.billinggateway.gateway.fuzz.Mutation.valid;

/**
 * Header changes, simplest first. A value is the header's text, {@link Mutation#ABSENT} to remove it, or a
 * list of texts to send it several times; {@link #EXTRA} changes add headers a request does not need.
 */
final class HeaderMutations {
    static final String CONTENT_TYPE = "Content-Type";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Pseudo-header name of the changes that add headers: the value maps header names to values. */
    static final String EXTRA = "(extra headers)";

    private HeaderMutations() {
    }

    /** The Content-Type of a JSON body; the webhook endpoints take any type, the signature decides. */
    static List<Mutation> contentType(boolean anyTypeAccepted) {
        List<Mutation> mutations = new ArrayList<>();
        mutations.add(valid("absent", ABSENT));
        mutations.add(valid("application/json; charset=utf-8", "application/json; charset=utf-8"));
        mutations.add(valid("APPLICATION/JSON", "APPLICATION/JSON"));
        mutations.add(valid("application/json; charset=utf-16", "application/json; charset=utf-16"));
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ";;;")) {
            mutations.add(new Mutation(type, type, !anyTypeAccepted));
        }
        mutations.add(new Mutation("a type of 10,000 characters", "application/" + "x".repeat(10_000), !anyTypeAccepted));
        return mutations;
    }

    /** The {@code Idempotency-Key}: 1-255 printable ASCII characters (docs/api.md, CheckoutService). */
    static List<Mutation> idempotencyKey() {
        return List.of(
                invalid("absent", ABSENT),
                invalid("\"\"", ""),
                invalid("a space", " "),
                valid("255 characters", "k".repeat(255)),
                invalid("256 characters", "k".repeat(256)),
                invalid("10,000 characters", "k".repeat(10_000)),
                invalid("a space inside", "fuzz key"),
                invalid("NUL inside", "fuzz\u0000key"),
                invalid("U+0001 inside", "fuzz\u0001key"),
                valid("non-ASCII letters", "ключ-идемпотентности"),
                valid("sent twice", List.of("fuzz-twice-a", "fuzz-twice-b")));
    }

    /** Headers no endpoint needs; whatever the gateway answers, it must still answer well. */
    static List<Mutation> extra() {
        Map<String, String> hundred = IntStream.range(0, 100).boxed()
                .collect(Collectors.toMap(index -> "X-Fuzz-" + index, index -> "v" + index, (first, second) -> first, LinkedHashMap::new));
        return List.of(
                valid("Accept: application/xml", Map.of("Accept", "application/xml")),
                valid("Accept: text/html", Map.of("Accept", "text/html")),
                valid("a header of 20,000 characters", Map.of("X-Fuzz-Padding", "p".repeat(20_000))),
                valid("100 extra headers", hundred),
                valid("X-Forwarded-For with markup", Map.of("X-Forwarded-For", "203.0.113.9, <script>")),
                valid("a header value with NUL", Map.of("X-Fuzz", "a\u0000b")),
                valid("a header value in UTF-8", Map.of("X-Fuzz", "ünïcødé ✓")));
    }
}

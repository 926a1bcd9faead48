package io.billinggateway.gateway.fuzz;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * What every answer of the gateway must satisfy, whatever the request (issue 12 and docs/reference/errors.md):
 * no 5xx; an error is an RFC 9457 problem ({@code application/problem+json} with {@code type}, {@code title},
 * {@code status} and a {@code detail} that says more than the reason phrase); no error reveals internals (SQL
 * with the schema's table names, the database's own messages, Java class names, exception names); no answer
 * at all carries a secret or the JDBC URL; and an invalid request is rejected with a 4xx. Whether a rejected
 * request changed rows is checked by the runner, which holds the database fingerprints.
 */
final class AnswerCheck {
    /** A broken rule; {@code kind} groups failures into classes. */
    record Violation(String kind, String detail) {
    }

    private static final Set<String> REASON_PHRASES = Set.of("bad request", "unauthorized", "forbidden", "not found", "method not allowed",
            "not acceptable", "conflict", "gone", "request entity too large", "content too large", "payload too large", "unsupported media type",
            "unprocessable entity", "unprocessable content", "too many requests", "request header fields too large", "uri too long",
            "request-uri too long", "internal server error", "service unavailable");
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(java|javax|jakarta)\\.[a-z]+\\.|\\bio\\.micronaut\\.|\\bio\\.netty\\.|\\borg\\.postgresql\\."
            + "|\\bcom\\.fasterxml\\.|\\borg\\.h2\\.|\\bcom\\.zaxxer\\.|\\bio\\.billinggateway\\.|\\bcom\\.nimbusds\\.|[A-Za-z]Exception\\b|\\bException\\b"
            // The JVM's own messages of a NullPointerException and friends.
            + "|Cannot invoke \"|because \"[^\"]+\" is null|Cannot (read|load|store) (field|from|to) ");
    private static final Pattern SQL_STATEMENT = Pattern.compile("(?i)\\[sql:|\\bselect\\b.+\\bfrom\\b|\\binsert\\s+into\\b|\\bupdate\\b.+\\bset\\b|\\bdelete\\s+from\\b");
    /** PostgreSQL's and H2's messages; {@code ERROR:} in capitals only, as PostgreSQL writes it. */
    private static final Pattern DATABASE_MESSAGE = Pattern.compile("\\bERROR:\\s|(?i:sql ?state|violates [a-z -]*constraint|duplicate key value"
            + "|value too long for type|invalid byte sequence for encoding|syntax error at or near|timestamp out of range|numeric field overflow"
            + "|out of range for type|invalid input syntax for type|\\bjdbc:)");

    private final JsonMapper json;
    private final List<String> tables;
    private final Map<String, String> secrets;

    /**
     * @param tables the schema's table names: SQL naming one of them is SQL from the gateway, not an echo of input
     * @param secrets what no answer may contain, by name (the JDBC URL, its password, the JWT secret, tokens)
     */
    AnswerCheck(JsonMapper json, List<String> tables, Map<String, String> secrets) {
        this.json = requireNonNull(json, "json is null");
        this.tables = List.copyOf(tables);
        this.secrets = Map.copyOf(secrets);
    }

    List<Violation> check(FuzzCase fuzzCase, Answer answer) {
        List<Violation> violations = new ArrayList<>();
        if (answer.failure() != null) {
            violations.add(new Violation("no answer", answer.failure()));
            return violations;
        }
        secrets.forEach((name, secret) -> {
            if (answer.body().contains(secret) || answer.headers().toString().contains(secret)) {
                violations.add(new Violation("secret in the answer", "the answer contains " + name));
            }
        });
        if (answer.status() >= 500) {
            violations.add(new Violation("5xx", "status " + answer.status()));
        }
        else if (fuzzCase.mustBeRejected() && !answer.rejected()) {
            violations.add(new Violation("invalid request not rejected", "status " + answer.status() + " for: " + String.join("; ", fuzzCase.invalidBecause())));
        }
        if (answer.status() >= 400) {
            violations.addAll(problem(answer));
        }
        return violations;
    }

    private List<Violation> problem(Answer answer) {
        List<Violation> violations = new ArrayList<>();
        String contentType = answer.header("content-type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
            violations.add(new Violation("not problem+json", "Content-Type " + contentType));
        }
        JsonNode document;
        try {
            document = answer.body().isBlank() ? null : json.readValue(answer.body(), JsonNode.class);
        }
        catch (IOException | RuntimeException e) {
            document = null;
        }
        if (document == null || !document.isObject()) {
            violations.add(new Violation("not a problem document", "the body is not a JSON object"));
            return violations;
        }
        List<String> missing = new ArrayList<>();
        for (String member : List.of("type", "title", "detail")) {
            JsonNode value = document.get(member);
            if (value == null || !value.isString() || value.getStringValue().isBlank()) {
                missing.add(member);
            }
        }
        JsonNode status = document.get("status");
        if (status == null || !status.isNumber() || status.getIntValue() != answer.status()) {
            missing.add("status equal to " + answer.status());
        }
        if (!missing.isEmpty()) {
            violations.add(new Violation("problem members missing", String.join(", ", missing)));
        }
        JsonNode detail = document.get("detail");
        if (detail != null && detail.isString() && REASON_PHRASES.contains(detail.getStringValue().strip().toLowerCase(Locale.ROOT))) {
            violations.add(new Violation("detail is only the reason phrase", "detail \"" + detail.getStringValue() + "\""));
        }
        String text = problemText(document);
        Matcher className = CLASS_NAME.matcher(text);
        if (className.find()) {
            violations.add(new Violation("class or exception name in the problem", excerpt(text, className.start())));
        }
        Matcher database = DATABASE_MESSAGE.matcher(text);
        if (database.find()) {
            violations.add(new Violation("database message in the problem", excerpt(text, database.start())));
        }
        Matcher sql = SQL_STATEMENT.matcher(text);
        if (sql.find() && tables.stream().anyMatch(table -> text.toLowerCase(Locale.ROOT).contains(table.toLowerCase(Locale.ROOT)))) {
            violations.add(new Violation("SQL in the problem", excerpt(text, sql.start())));
        }
        return violations;
    }

    /** The problem's texts meant for people: title, detail and the per-field errors. */
    private static String problemText(JsonNode document) {
        StringBuilder text = new StringBuilder();
        for (String member : List.of("title", "detail")) {
            JsonNode value = document.get(member);
            if (value != null && value.isString()) {
                text.append(value.getStringValue()).append('\n');
            }
        }
        JsonNode errors = document.get("errors");
        if (errors != null && errors.isArray()) {
            for (JsonNode error : errors.values()) {
                if (error.isString()) {
                    text.append(error.getStringValue()).append('\n');
                }
            }
        }
        return text.toString();
    }

    private static String excerpt(String text, int at) {
        int start = Math.max(0, at - 60);
        int end = Math.min(text.length(), at + 140);
        return (start > 0 ? "…" : "") + FuzzRequest.Printable.escape(text.substring(start, end)).replace("\\u000a", " ") + (end < text.length() ? "…" : "");
    }
}

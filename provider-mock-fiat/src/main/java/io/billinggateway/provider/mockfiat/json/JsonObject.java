package io.billinggateway.provider.mockfiat.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A JSON object with typed accessors that fail with a {@link JsonException} naming the member, so that a
 * reader of a journal line or webhook body never has to cast.
 *
 * <p>Also a builder: {@link #with} returns a new object, so documents are written as one expression.
 */
public final class JsonObject {
    private final Map<String, Object> members;

    public JsonObject(Map<String, Object> members) {
        this.members = requireNonNull(members, "members is null");
    }

    public static JsonObject empty() {
        return new JsonObject(Map.of());
    }

    /** A copy with one more member; an empty {@link Optional} value leaves the member out. */
    public JsonObject with(String name, Object value) {
        requireNonNull(name, "name is null");
        Map<String, Object> copy = new LinkedHashMap<>(members);
        if (value instanceof Optional<?> optional) {
            if (optional.isEmpty()) {
                return this;
            }
            value = optional.get();
        }
        copy.put(name, value instanceof Instant instant ? instant.toString() : value);
        return new JsonObject(copy);
    }

    public Map<String, Object> members() {
        return members;
    }

    public boolean has(String name) {
        return members.get(name) != null;
    }

    public String string(String name) {
        return optionalString(name).orElseThrow(() -> missing(name));
    }

    public Optional<String> optionalString(String name) {
        return optional(name, String.class, "a string");
    }

    public boolean bool(String name) {
        return optional(name, Boolean.class, "a boolean").orElseThrow(() -> missing(name));
    }

    public long number(String name) {
        BigDecimal value = optional(name, BigDecimal.class, "a number").orElseThrow(() -> missing(name));
        try {
            return value.longValueExact();
        }
        catch (ArithmeticException e) {
            throw new JsonException("member '" + name + "' must be an integer, got " + value);
        }
    }

    /** A non-negative integer written as a string of digits, the way amounts travel. */
    public BigInteger integerString(String name) {
        return parseInteger(name, string(name));
    }

    public Instant instant(String name) {
        return parseInstant(name, string(name));
    }

    public Optional<Instant> optionalInstant(String name) {
        return optionalString(name).map(text -> parseInstant(name, text));
    }

    public JsonObject object(String name) {
        return optionalObject(name).orElseThrow(() -> missing(name));
    }

    public Optional<JsonObject> optionalObject(String name) {
        @SuppressWarnings("unchecked")
        Optional<Map<String, Object>> value = optional(name, Map.class, "an object").map(map -> (Map<String, Object>) map);
        return value.map(JsonObject::new);
    }

    public List<JsonObject> objects(String name) {
        List<?> items = optional(name, List.class, "an array").orElseThrow(() -> missing(name));
        return items.stream()
                .map(item -> {
                    if (!(item instanceof Map<?, ?> map)) {
                        throw new JsonException("member '" + name + "' must hold objects, found " + Json.describe(item));
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> members = (Map<String, Object>) map;
                    return new JsonObject(members);
                })
                .toList();
    }

    /** An object whose members are all strings, such as metadata. */
    public Map<String, String> stringMap(String name) {
        JsonObject object = optionalObject(name).orElse(empty());
        Map<String, String> result = new LinkedHashMap<>();
        object.members.forEach((key, value) -> {
            if (!(value instanceof String text)) {
                throw new JsonException("member '" + name + "." + key + "' must be a string, got " + Json.describe(value));
            }
            result.put(key, text);
        });
        return result;
    }

    private <T> Optional<T> optional(String name, Class<T> type, String expected) {
        Object value = members.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!type.isInstance(value)) {
            throw new JsonException("member '" + name + "' must be " + expected + ", got " + Json.describe(value));
        }
        return Optional.of(type.cast(value));
    }

    private static BigInteger parseInteger(String name, String text) {
        if (text.isEmpty() || !text.chars().allMatch(character -> character >= '0' && character <= '9')) {
            throw new JsonException("member '" + name + "' must be a string of digits, got '" + text + "'");
        }
        return new BigInteger(text);
    }

    private static Instant parseInstant(String name, String text) {
        try {
            return Instant.parse(text);
        }
        catch (DateTimeParseException e) {
            throw new JsonException("member '" + name + "' must be an ISO-8601 instant, got '" + text + "'", e);
        }
    }

    private static JsonException missing(String name) {
        return new JsonException("member '" + name + "' is missing");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonObject that && members.equals(that.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return Json.write(members);
    }
}

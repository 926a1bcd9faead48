package io.billinggateway.provider.solana.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A read JSON object with typed access. A missing or mistyped member is a {@link JsonException} naming it, so
 * that an unexpected RPC answer fails with a message instead of a {@link ClassCastException}.
 */
public record JsonObject(Map<String, Object> members) {
    public JsonObject {
        members = requireNonNull(members, "members is null");
    }

    public static JsonObject of(Map<?, ?> map) {
        Map<String, Object> members = new LinkedHashMap<>();
        map.forEach((key, value) -> members.put((String) key, value));
        return new JsonObject(members);
    }

    public boolean has(String name) {
        return members.get(name) != null;
    }

    public Object get(String name) {
        return members.get(name);
    }

    public String string(String name) {
        if (members.get(name) instanceof String text) {
            return text;
        }
        throw mistyped(name, "a string");
    }

    public Optional<String> optionalString(String name) {
        return has(name) ? Optional.of(string(name)) : Optional.empty();
    }

    public BigInteger integer(String name) {
        Object value = members.get(name);
        try {
            if (value instanceof BigDecimal number) {
                return number.toBigIntegerExact();
            }
            if (value instanceof String text) {
                return new BigInteger(text);
            }
        }
        catch (ArithmeticException | NumberFormatException e) {
            throw mistyped(name, "an integer");
        }
        throw mistyped(name, "an integer");
    }

    public boolean bool(String name) {
        if (members.get(name) instanceof Boolean flag) {
            return flag;
        }
        throw mistyped(name, "true or false");
    }

    public JsonObject object(String name) {
        if (members.get(name) instanceof Map<?, ?> map) {
            return of(map);
        }
        throw mistyped(name, "an object");
    }

    /** The array as read (unmodifiable); elements are JSON values as {@link Json} maps them. */
    @SuppressWarnings("unchecked")
    public List<Object> array(String name) {
        if (members.get(name) instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw mistyped(name, "an array");
    }

    /** The array's elements that are objects, in order; other elements are skipped. */
    public List<JsonObject> objects(String name) {
        return array(name).stream().filter(Map.class::isInstance).map(element -> of((Map<?, ?>) element)).toList();
    }

    private JsonException mistyped(String name, String expected) {
        Object value = members.get(name);
        return new JsonException("member '" + name + "' must be " + expected + ", got " + (value == null ? "nothing" : value.getClass().getSimpleName()));
    }
}

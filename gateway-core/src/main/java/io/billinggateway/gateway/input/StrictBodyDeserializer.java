package io.billinggateway.gateway.input;

import com.fasterxml.jackson.core.JsonParser;
import io.billinggateway.gateway.problem.InvalidRequestException;
import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Binds a request body record from JSON without coercion: a string field takes only a JSON string, a
 * boolean only {@code true} or {@code false}, an integer only an integral number in range; a list only an array.
 * Every problem of the whole body is collected and thrown as one {@link InvalidRequestException}, each line naming
 * its field ({@code prices[0].amount: expected a string}). Absent and {@code null} fields bind to {@code null};
 * whether a field is required is the service's decision.
 */
public final class StrictBodyDeserializer<T extends Record> implements Deserializer<T> {
    /** The most elements of a list field that declares no {@link MaxItems}. */
    static final int DEFAULT_MAX_ITEMS = 100;

    private final Class<T> type;
    private final boolean ignoreUnknownFields;

    private StrictBodyDeserializer(Class<T> type, boolean ignoreUnknownFields) {
        this.type = requireNonNull(type, "type is null");
        this.ignoreUnknownFields = ignoreUnknownFields;
    }

    /**
     * For staff and internal requests: a field the record does not declare is an error, so that a misspelt
     * {@code dryrun} never runs a real charge. Declare the result as a {@code @Singleton} of type
     * {@code Deserializer<T>} in a {@code @Factory}; serde then binds every {@code @Body T} with it.
     */
    public static <T extends Record> Deserializer<T> rejectingUnknownFields(Class<T> type) {
        return new StrictBodyDeserializer<>(type, false);
    }

    /** For public requests: unknown fields are ignored, so that clients may send fields of a newer API version. */
    public static <T extends Record> Deserializer<T> ignoringUnknownFields(Class<T> type) {
        return new StrictBodyDeserializer<>(type, true);
    }

    @Override
    public T deserialize(Decoder decoder, DecoderContext context, Argument<? super T> argument) throws IOException {
        JsonNode node = decoder.decodeNode();
        InvalidRequestException.Collector errors = new InvalidRequestException.Collector();
        if (followedByMore(decoder)) {
            errors.add("body", "must be one JSON document, but more follows it");
            errors.throwIfAny();
        }
        Object value = node.isNull() ? null : bindRecord(node, type, "", ignoreUnknownFields, errors);
        errors.throwIfAny();
        return type.cast(value);
    }

    @Override
    public T deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super T> argument) throws IOException {
        return deserialize(decoder, context, argument);
    }

    /**
     * Whether anything but the end of input follows the document: the decoder reads one value and stops, which
     * would accept {@code {"plan":"pro"}x} or two documents in one body as the first. Serde's Jackson decoder does
     * not expose its parser, so it is read reflectively; should a serde version rename the field, the check is
     * skipped (the first document is then used), never a request refused.
     */
    private static boolean followedByMore(Decoder decoder) {
        JsonParser parser = JacksonParsers.of(decoder);
        if (parser == null) {
            return false;
        }
        try {
            return parser.nextToken() != null;
        }
        catch (IOException garbage) {
            return true;
        }
    }

    private static Object bindRecord(JsonNode node, Class<?> recordType, String prefix, boolean ignoreUnknownFields, InvalidRequestException.Collector errors) {
        if (!node.isObject()) {
            errors.add(prefix.isEmpty() ? "body" : prefix, "expected a JSON object, got " + kind(node));
            return null;
        }
        RecordComponent[] components = recordType.getRecordComponents();
        Set<String> names = Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        int errorsBefore = errors.size();
        if (!ignoreUnknownFields) {
            for (Map.Entry<String, JsonNode> entry : node.entries()) {
                if (!names.contains(entry.getKey())) {
                    errors.add(path(prefix, TextRules.printable(entry.getKey())), "is not a field of this request; the fields are " + String.join(", ", names));
                }
            }
        }
        Object[] values = new Object[components.length];
        for (int index = 0; index < components.length; index++) {
            RecordComponent component = components[index];
            JsonNode child = node.get(component.getName());
            values[index] = bind(child, component.getGenericType(), path(prefix, component.getName()), component, ignoreUnknownFields, errors);
        }
        if (errors.size() > errorsBefore) {
            return null;
        }
        return construct(recordType, components, values, prefix, errors);
    }

    private static Object bind(JsonNode node, Type type, String field, RecordComponent component, boolean ignoreUnknownFields, InvalidRequestException.Collector errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        Class<?> raw = raw(type);
        if (raw == String.class) {
            if (!node.isString()) {
                return mismatch(errors, field, "a string", node);
            }
            String value = node.getStringValue();
            Text text = component == null ? null : component.getAnnotation(Text.class);
            TextRules.check(errors, field, value, text == null ? TextRules.DEFAULT_MAX_LENGTH : text.maxLength(), text != null && text.multiline());
            return value;
        }
        if (raw == Boolean.class) {
            return node.isBoolean() ? node.getBooleanValue() : mismatch(errors, field, "a boolean (true or false)", node);
        }
        if (raw == Integer.class || raw == Long.class) {
            return integer(node, raw, field, component, errors);
        }
        if (raw == UUID.class) {
            if (node.isString()) {
                try {
                    return UUID.fromString(node.getStringValue());
                }
                catch (IllegalArgumentException ignored) {
                    // reported below
                }
            }
            return mismatch(errors, field, "a UUID string", node);
        }
        if (raw == List.class) {
            if (!node.isArray()) {
                return mismatch(errors, field, "an array", node);
            }
            MaxItems maxItems = component == null ? null : component.getAnnotation(MaxItems.class);
            int limit = maxItems == null ? DEFAULT_MAX_ITEMS : maxItems.value();
            if (node.size() > limit) {
                errors.add(field, "must have at most " + limit + " elements, got " + node.size());
                return null;
            }
            Type elementType = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> elements = new ArrayList<>(node.size());
            for (int index = 0; index < node.size(); index++) {
                elements.add(bind(node.get(index), elementType, field + "[" + index + "]", null, ignoreUnknownFields, errors));
            }
            return elements;
        }
        if (raw.isRecord()) {
            return bindRecord(node, raw, field, ignoreUnknownFields, errors);
        }
        throw new IllegalStateException("a strict request body cannot hold a field of type " + type.getTypeName() + " (" + field + ")");
    }

    private static Object integer(JsonNode node, Class<?> raw, String field, RecordComponent component, InvalidRequestException.Collector errors) {
        BigInteger value = node.isNumber() ? integral(node.getNumberValue()) : null;
        if (value == null) {
            return mismatch(errors, field, "an integer", node);
        }
        Range range = component == null ? null : component.getAnnotation(Range.class);
        long min = range != null ? range.min() : raw == Integer.class ? Integer.MIN_VALUE : Long.MIN_VALUE;
        long max = range != null ? range.max() : raw == Integer.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            errors.add(field, "must be between " + min + " and " + max);
            return null;
        }
        return raw == Integer.class ? (Object) value.intValueExact() : (Object) value.longValueExact();
    }

    private static BigInteger integral(Number number) {
        return switch (number) {
            case Integer value -> BigInteger.valueOf(value);
            case Long value -> BigInteger.valueOf(value);
            case Short value -> BigInteger.valueOf(value);
            case Byte value -> BigInteger.valueOf(value);
            case BigInteger value -> value;
            default -> null;
        };
    }

    private static Object construct(Class<?> recordType, RecordComponent[] components, Object[] values, String prefix, InvalidRequestException.Collector errors) {
        try {
            Constructor<?> constructor = recordType.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        }
        catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                errors.add(prefix.isEmpty() ? "body" : prefix, invalid.getMessage());
                return null;
            }
            throw new IllegalStateException("cannot construct " + recordType.getName(), e.getCause());
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + recordType.getName(), e);
        }
    }

    private static Object mismatch(InvalidRequestException.Collector errors, String field, String expected, JsonNode node) {
        errors.add(field, "expected " + expected + ", got " + kind(node));
        return null;
    }

    private static String kind(JsonNode node) {
        if (node.isString()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return node.getBooleanValue() ? "true" : "false";
        }
        if (node.isNumber()) {
            return node.getNumberValue() instanceof BigDecimal || node.getNumberValue() instanceof Double || node.getNumberValue() instanceof Float
                    ? "a decimal number" : "a number";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return "null";
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType() : (Class<?>) type;
    }

    private static String path(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

}

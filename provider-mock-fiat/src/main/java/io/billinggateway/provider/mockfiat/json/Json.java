package io.billinggateway.provider.mockfiat.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A small, strict JSON (RFC 8259) writer and reader for the mock PSP's webhook bodies, test API answers and
 * ledger journal.
 *
 * <p>Values map to Java as follows: object ⇄ {@link Map} with {@link String} keys (read as an insertion-ordered
 * map), array ⇄ {@link List}, string ⇄ {@link String}, {@code true}/{@code false} ⇄ {@link Boolean},
 * {@code null} ⇄ {@code null}, number ⇄ {@link Number} (read as {@link BigDecimal}). Floating-point Java
 * values are refused when writing: amounts travel as strings of integer minor units.
 */
public final class Json {
    /** Deep enough for any document this provider writes, shallow enough that hostile input cannot exhaust the stack. */
    private static final int MAX_DEPTH = 64;

    private Json() {
    }

    /**
     * Writes a value compactly, object members in the map's iteration order.
     *
     * @throws IllegalArgumentException for a value of a type with no JSON form (including {@code double} and {@code float})
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        writeValue(value, out, 0);
        return out.toString();
    }

    /**
     * Reads one JSON document.
     *
     * @throws JsonException saying what was expected and at which character, when the text is not exactly one JSON value
     */
    public static Object parse(String text) {
        requireNonNull(text, "text is null");
        Reader reader = new Reader(text);
        reader.skipWhitespace();
        Object value = reader.readValue(0);
        reader.skipWhitespace();
        if (!reader.atEnd()) {
            throw reader.error("unexpected text after the JSON value");
        }
        return value;
    }

    /**
     * Reads a JSON document that must be an object.
     *
     * @throws JsonException when the text is not JSON or not an object
     */
    public static JsonObject parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map<?, ?> map)) {
            throw new JsonException("expected a JSON object, got " + describe(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> members = (Map<String, Object>) map;
        return new JsonObject(members);
    }

    static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String ignored -> "a string";
            case Boolean ignored -> "a boolean";
            case Number ignored -> "a number";
            case List<?> ignored -> "an array";
            case Map<?, ?> ignored -> "an object";
            default -> value.getClass().getSimpleName();
        };
    }

    private static void writeValue(Object value, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("value is nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (value) {
            case null -> out.append("null");
            case String text -> writeString(text, out);
            case Boolean bool -> out.append(bool);
            case Integer number -> out.append(number);
            case Long number -> out.append(number);
            case Short number -> out.append(number);
            case Byte number -> out.append(number);
            case BigInteger number -> out.append(number);
            case BigDecimal number -> out.append(number.toPlainString());
            case Map<?, ?> map -> writeObject(map, out, depth);
            case List<?> list -> writeArray(list, out, depth);
            case JsonObject object -> writeObject(object.members(), out, depth);
            default -> throw new IllegalArgumentException("no JSON form for " + value.getClass().getName()
                    + (value instanceof Number ? " (floating-point numbers are refused; write amounts as strings)" : ""));
        }
    }

    private static void writeObject(Map<?, ?> map, StringBuilder out, int depth) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> member : map.entrySet()) {
            if (!(member.getKey() instanceof String name)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got " + member.getKey());
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(name, out);
            out.append(':');
            writeValue(member.getValue(), out, depth + 1);
        }
        out.append('}');
    }

    private static void writeArray(List<?> list, StringBuilder out, int depth) {
        out.append('[');
        for (int index = 0; index < list.size(); index++) {
            if (index > 0) {
                out.append(',');
            }
            writeValue(list.get(index), out, depth + 1);
        }
        out.append(']');
    }

    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            switch (character) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                // U+2028 and U+2029 are legal JSON but end lines in JavaScript; escaping them costs nothing.
                case '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) character));
                default -> {
                    if (character < 0x20) {
                        out.append(String.format("\\u%04x", (int) character));
                    }
                    else {
                        out.append(character);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final class Reader {
        private final String text;
        private int position;

        Reader(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        void skipWhitespace() {
            while (!atEnd()) {
                char character = text.charAt(position);
                if (character != ' ' && character != '\t' && character != '\n' && character != '\r') {
                    return;
                }
                position++;
            }
        }

        Object readValue(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("JSON is nested deeper than " + MAX_DEPTH + " levels");
            }
            if (atEnd()) {
                throw error("unexpected end of input, expected a value");
            }
            char character = text.charAt(position);
            return switch (character) {
                case '{' -> readObject(depth);
                case '[' -> readArray(depth);
                case '"' -> readString();
                case 't' -> readLiteral("true", Boolean.TRUE);
                case 'f' -> readLiteral("false", Boolean.FALSE);
                case 'n' -> readLiteral("null", null);
                default -> {
                    if (character == '-' || (character >= '0' && character <= '9')) {
                        yield readNumber();
                    }
                    throw error("unexpected character '" + character + "', expected a value");
                }
            };
        }

        private Map<String, Object> readObject(int depth) {
            position++;
            Map<String, Object> members = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                position++;
                return Collections.unmodifiableMap(members);
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a member name in quotes");
                }
                String name = readString();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                Object value = readValue(depth + 1);
                if (members.containsKey(name)) {
                    throw error("duplicate member name '" + name + "'");
                }
                members.put(name, value);
                skipWhitespace();
                char next = peek();
                position++;
                if (next == '}') {
                    return Collections.unmodifiableMap(members);
                }
                if (next != ',') {
                    position--;
                    throw error("expected ',' or '}' in an object");
                }
            }
        }

        private List<Object> readArray(int depth) {
            position++;
            List<Object> items = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                position++;
                return Collections.unmodifiableList(items);
            }
            while (true) {
                skipWhitespace();
                items.add(readValue(depth + 1));
                skipWhitespace();
                char next = peek();
                position++;
                if (next == ']') {
                    return Collections.unmodifiableList(items);
                }
                if (next != ',') {
                    position--;
                    throw error("expected ',' or ']' in an array");
                }
            }
        }

        private String readString() {
            position++;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw error("unterminated string");
                }
                char character = text.charAt(position++);
                if (character == '"') {
                    return value.toString();
                }
                if (character < 0x20) {
                    position--;
                    throw error("control character in a string must be escaped");
                }
                if (character != '\\') {
                    value.append(character);
                    continue;
                }
                if (atEnd()) {
                    throw error("unterminated escape");
                }
                char escaped = text.charAt(position++);
                switch (escaped) {
                    case '"' -> value.append('"');
                    case '\\' -> value.append('\\');
                    case '/' -> value.append('/');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> value.append(readUnicodeEscape());
                    default -> {
                        position--;
                        throw error("invalid escape '\\" + escaped + "'");
                    }
                }
            }
        }

        private char readUnicodeEscape() {
            if (position + 4 > text.length()) {
                throw error("truncated \\u escape");
            }
            int code = 0;
            for (int index = 0; index < 4; index++) {
                int digit = Character.digit(text.charAt(position + index), 16);
                if (digit < 0) {
                    throw error("invalid hexadecimal digit in \\u escape");
                }
                code = code * 16 + digit;
            }
            position += 4;
            return (char) code;
        }

        private BigDecimal readNumber() {
            int start = position;
            if (peek() == '-') {
                position++;
            }
            if (peek() == '0') {
                position++;
            }
            else if (isDigit(peek())) {
                skipDigits();
            }
            else {
                throw error("expected a digit");
            }
            if (peek() == '.') {
                position++;
                if (!isDigit(peek())) {
                    throw error("expected a digit after the decimal point");
                }
                skipDigits();
            }
            if (peek() == 'e' || peek() == 'E') {
                position++;
                if (peek() == '+' || peek() == '-') {
                    position++;
                }
                if (!isDigit(peek())) {
                    throw error("expected a digit in the exponent");
                }
                skipDigits();
            }
            return new BigDecimal(text.substring(start, position));
        }

        private void skipDigits() {
            while (isDigit(peek())) {
                position++;
            }
        }

        private static boolean isDigit(char character) {
            return character >= '0' && character <= '9';
        }

        private Object readLiteral(String literal, Object value) {
            if (!text.startsWith(literal, position)) {
                throw error("unexpected text, expected '" + literal + "'");
            }
            position += literal.length();
            return value;
        }

        private void expect(char expected) {
            if (peek() != expected) {
                throw error("expected '" + expected + "'");
            }
            position++;
        }

        /** The current character, or {@code \0} at the end (never a valid character at those places). */
        private char peek() {
            return atEnd() ? '\0' : text.charAt(position);
        }

        JsonException error(String problem) {
            return new JsonException(problem + " at character " + position);
        }
    }
}

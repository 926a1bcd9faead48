package io.billinggateway.provider.solana.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A small, strict JSON (RFC 8259) reader and writer for JSON-RPC messages and the provider's journal.
 *
 * <p>Object ⇄ {@link Map} (insertion-ordered when read), array ⇄ {@link List}, string ⇄ {@link String},
 * {@code true}/{@code false} ⇄ {@link Boolean}, {@code null} ⇄ {@code null}, number ⇄ {@link BigDecimal} when
 * read and any integral {@link Number} or {@link BigDecimal} when written. Floating-point Java values are refused:
 * amounts are integers of the smallest unit.
 */
public final class Json {
    /** Deeper than any RPC answer this provider reads, shallow enough that hostile input cannot exhaust the stack. */
    private static final int MAX_DEPTH = 64;

    private Json() {
    }

    /** @throws IllegalArgumentException for a value with no JSON form (including {@code double} and {@code float}) */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        writeValue(value, out, 0);
        return out.toString();
    }

    /** @throws JsonException saying what was expected where, when the text is not exactly one JSON value */
    public static Object parse(String text) {
        requireNonNull(text, "text is null");
        Reader reader = new Reader(text);
        reader.skipWhitespace();
        Object value = reader.readValue(0);
        reader.skipWhitespace();
        if (reader.position < text.length()) {
            throw reader.error("unexpected text after the JSON value");
        }
        return value;
    }

    /** @throws JsonException when the text is not JSON or not an object */
    public static JsonObject parseObject(String text) {
        if (parse(text) instanceof Map<?, ?> map) {
            return JsonObject.of(map);
        }
        throw new JsonException("expected a JSON object");
    }

    private static void writeValue(Object value, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (value) {
            case null -> out.append("null");
            case String text -> writeString(text, out);
            case Boolean flag -> out.append(flag);
            case BigDecimal decimal -> out.append(decimal.toPlainString());
            case BigInteger integer -> out.append(integer);
            case Long number -> out.append(number);
            case Integer number -> out.append(number);
            case Short number -> out.append(number);
            case Byte number -> out.append(number);
            case JsonObject object -> writeValue(object.members(), out, depth);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> member : map.entrySet()) {
                    if (!(member.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("JSON object keys must be strings, got " + member.getKey());
                    }
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    writeString(key, out);
                    out.append(':');
                    writeValue(member.getValue(), out, depth + 1);
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int index = 0; index < list.size(); index++) {
                    if (index > 0) {
                        out.append(',');
                    }
                    writeValue(list.get(index), out, depth + 1);
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
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
                default -> {
                    if (character < 0x20 || character == '\u2028' || character == '\u2029') {
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

        Object readValue(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("JSON nested deeper than " + MAX_DEPTH + " levels");
            }
            if (position >= text.length()) {
                throw error("unexpected end of JSON, expected a value");
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
            if (peek('}')) {
                position++;
                return Collections.unmodifiableMap(members);
            }
            while (true) {
                skipWhitespace();
                if (!peek('"')) {
                    throw error("expected a member name in double quotes");
                }
                String key = readString();
                if (members.containsKey(key)) {
                    throw error("member '" + key + "' appears twice");
                }
                skipWhitespace();
                expect(':');
                skipWhitespace();
                members.put(key, readValue(depth + 1));
                skipWhitespace();
                if (peek(',')) {
                    position++;
                    continue;
                }
                expect('}');
                return Collections.unmodifiableMap(members);
            }
        }

        private List<Object> readArray(int depth) {
            position++;
            List<Object> items = new ArrayList<>();
            skipWhitespace();
            if (peek(']')) {
                position++;
                return Collections.unmodifiableList(items);
            }
            while (true) {
                skipWhitespace();
                items.add(readValue(depth + 1));
                skipWhitespace();
                if (peek(',')) {
                    position++;
                    continue;
                }
                expect(']');
                return Collections.unmodifiableList(items);
            }
        }

        private String readString() {
            position++;
            StringBuilder out = new StringBuilder();
            while (true) {
                if (position >= text.length()) {
                    throw error("unterminated string");
                }
                char character = text.charAt(position++);
                if (character == '"') {
                    return out.toString();
                }
                if (character < 0x20) {
                    throw error("control character in a string");
                }
                if (character != '\\') {
                    out.append(character);
                    continue;
                }
                if (position >= text.length()) {
                    throw error("unterminated escape");
                }
                char escaped = text.charAt(position++);
                switch (escaped) {
                    case '"', '\\', '/' -> out.append(escaped);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (position + 4 > text.length()) {
                            throw error("truncated \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                        }
                        catch (NumberFormatException e) {
                            throw error("malformed \\u escape");
                        }
                        position += 4;
                    }
                    default -> throw error("unknown escape \\" + escaped);
                }
            }
        }

        private Object readLiteral(String literal, Object value) {
            if (!text.startsWith(literal, position)) {
                throw error("unexpected text, expected " + literal);
            }
            position += literal.length();
            return value;
        }

        private BigDecimal readNumber() {
            int start = position;
            if (peek('-')) {
                position++;
            }
            if (peek('0')) {
                position++;
            }
            else {
                requireDigits();
            }
            if (peek('.')) {
                position++;
                requireDigits();
            }
            if (peek('e') || peek('E')) {
                position++;
                if (peek('+') || peek('-')) {
                    position++;
                }
                requireDigits();
            }
            return new BigDecimal(text.substring(start, position));
        }

        private void requireDigits() {
            int start = position;
            while (position < text.length() && Character.isDigit(text.charAt(position)) && text.charAt(position) < 128) {
                position++;
            }
            if (position == start) {
                throw error("expected a digit");
            }
        }

        void skipWhitespace() {
            while (position < text.length()) {
                char character = text.charAt(position);
                if (character != ' ' && character != '\t' && character != '\n' && character != '\r') {
                    return;
                }
                position++;
            }
        }

        private boolean peek(char character) {
            return position < text.length() && text.charAt(position) == character;
        }

        private void expect(char character) {
            if (!peek(character)) {
                throw error("expected '" + character + "'");
            }
            position++;
        }

        JsonException error(String problem) {
            return new JsonException(problem + " at character " + position);
        }
    }
}

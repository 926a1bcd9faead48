package io.billinggateway.gateway.fuzz;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes JSON the way a fuzzing client needs: {@link Raw} values go in verbatim (number literals no Java type
 * holds, malformed fragments), control characters and lone surrogates are escaped as {@code \\uXXXX} so the
 * text stays valid JSON, and other characters are written as they are (UTF-8 on the wire).
 */
final class JsonText {
    /** A JSON fragment written as it is. */
    record Raw(String text) {
    }

    private JsonText() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case Raw raw -> out.append(raw.text());
            case String text -> string(out, text);
            case Boolean bool -> out.append(bool);
            case Integer number -> out.append(number);
            case Long number -> out.append(number);
            case BigInteger number -> out.append(number);
            case BigDecimal number -> out.append(number.toPlainString());
            case Double number -> out.append(number);
            case Map<?, ?> object -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : object.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(out, String.valueOf(entry.getKey()));
                    out.append(':');
                    write(out, entry.getValue());
                }
                out.append('}');
            }
            case List<?> array -> {
                out.append('[');
                for (int index = 0; index < array.size(); index++) {
                    if (index > 0) {
                        out.append(',');
                    }
                    write(out, array.get(index));
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            boolean pairedSurrogate = Character.isHighSurrogate(character) && index + 1 < text.length() && Character.isLowSurrogate(text.charAt(index + 1));
            if (pairedSurrogate) {
                out.append(character).append(text.charAt(++index));
            }
            else if (character == '"' || character == '\\') {
                out.append('\\').append(character);
            }
            else if (character < 0x20 || character == 0x7f || Character.isSurrogate(character)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) character));
            }
            else {
                out.append(character);
            }
        }
        out.append('"');
    }
}

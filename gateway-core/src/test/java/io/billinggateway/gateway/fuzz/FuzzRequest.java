package io.billinggateway.gateway.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * One HTTP request exactly as it goes on the wire: any bytes in the target, header values and body, which is
 * why it is sent by {@link RawHttpClient} rather than a client that refuses malformed requests.
 *
 * @param target the request target: path and query, already percent-encoded as the case wants it
 * @param body the body bytes; null for none
 */
record FuzzRequest(String method, String target, List<Header> headers, byte[] body) {
    /**
     * @param display how a report shows the value (a token as its claims); null to show the value itself
     */
    record Header(String name, String value, String display) {
        Header {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }

        Header(String name, String value) {
            this(name, value, null);
        }
    }

    FuzzRequest {
        requireNonNull(method, "method is null");
        requireNonNull(target, "target is null");
        headers = List.copyOf(headers);
    }

    /** This request without headers of that name, plus the given header (null to only remove). */
    FuzzRequest withHeader(String name, Header header) {
        List<Header> changed = new ArrayList<>(headers.stream().filter(existing -> !existing.name().equalsIgnoreCase(name)).toList());
        if (header != null) {
            changed.add(header);
        }
        return new FuzzRequest(method, target, changed, body);
    }

    FuzzRequest plusHeader(Header header) {
        List<Header> changed = new ArrayList<>(headers);
        changed.add(header);
        return new FuzzRequest(method, target, changed, body);
    }

    /** The request as a developer reads it to reproduce it: long values abbreviated, control characters escaped. */
    String printable() {
        StringBuilder text = new StringBuilder();
        text.append(method).append(' ').append(Printable.abbreviate(target)).append('\n');
        for (Header header : headers) {
            text.append(header.name()).append(": ").append(header.display() != null ? header.display() : Printable.abbreviate(header.value())).append('\n');
        }
        if (body != null) {
            text.append('\n').append(Printable.abbreviate(new String(body, StandardCharsets.UTF_8))).append(" (").append(body.length).append(" bytes)\n");
        }
        return text.toString();
    }

    /** Printing helpers shared by the report. */
    static final class Printable {
        private static final int SHOWN = 160;

        private Printable() {
        }

        static String abbreviate(String text) {
            String escaped = escape(text);
            if (escaped.length() <= SHOWN * 2) {
                return escaped;
            }
            String first = escape(text.substring(0, Math.min(text.length(), SHOWN)));
            String last = escape(text.substring(Math.max(0, text.length() - 40)));
            return first + "…<" + text.length() + " characters in all>…" + last;
        }

        static String escape(String text) {
            StringBuilder escaped = new StringBuilder(text.length());
            text.codePoints().forEach(codePoint -> {
                if (codePoint < 0x20 || codePoint == 0x7f || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
                    escaped.append(String.format(Locale.ROOT, "\\u%04x", codePoint));
                }
                else {
                    escaped.appendCodePoint(codePoint);
                }
            });
            return escaped.toString();
        }
    }
}

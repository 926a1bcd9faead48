package io.billinggateway.gateway.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the gateway answered: status, headers (names in lower case) and body, or why there was no answer.
 *
 * @param failure null for an answer; otherwise what happened instead (timeout, connection closed)
 */
record Answer(int status, Map<String, List<String>> headers, String body, String failure) {
    static Answer none(String failure) {
        return new Answer(0, Map.of(), "", failure);
    }

    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    boolean rejected() {
        return status >= 400 && status < 500;
    }

    boolean succeeded() {
        return status >= 200 && status < 300;
    }

    String printable() {
        if (failure != null) {
            return "no answer: " + failure;
        }
        return status + " " + (header("content-type") == null ? "(no Content-Type)" : header("content-type")) + "\n" + FuzzRequest.Printable.abbreviate(body);
    }
}

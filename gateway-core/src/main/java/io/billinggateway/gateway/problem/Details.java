package io.billinggateway.gateway.problem;

import io.billinggateway.router.UrlCredentials;

import java.util.regex.Pattern;

/**
 * The last filter on a problem's {@code detail}: credentials inside URLs are masked and fully qualified Java
 * exception names (which a provider or library may have put in a message) are removed, leaving the words.
 */
final class Details {
    private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*");

    private Details() {
    }

    static String clean(String detail) {
        if (detail == null) {
            return null;
        }
        String cleaned = EXCEPTION_NAME.matcher(UrlCredentials.redact(detail)).replaceAll("").strip();
        return cleaned.isEmpty() ? "the request failed" : cleaned;
    }
}

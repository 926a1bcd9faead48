package io.billinggateway.provider.mockfiat.checkout;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Fields of an {@code application/x-www-form-urlencoded} body or query string; the first value of a repeated name wins. */
record FormFields(Map<String, String> values) {
    FormFields {
        values = Map.copyOf(requireNonNull(values, "values is null"));
    }

    static FormFields parse(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded != null && !encoded.isBlank()) {
            for (String pair : encoded.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                values.putIfAbsent(name, value);
            }
        }
        return new FormFields(values);
    }

    /** The field's value, empty when the field is absent or blank. */
    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the form is not valid application/x-www-form-urlencoded");
        }
    }
}

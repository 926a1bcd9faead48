package io.billinggateway.router;

import io.billinggateway.spi.Secret;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces every known secret value in a text with {@code ****}. The last line of defence: providers must
 * not put secrets in messages, but if one does, the router masks it before the message reaches a log, an
 * API client or a health page.
 */
public final class SecretMasker {
    private static final int SHORTEST_MASKED = 4;
    private final List<String> values;

    public SecretMasker(Collection<Secret> secrets) {
        this.values = secrets.stream()
                .map(Secret::reveal)
                .filter(value -> value.length() >= SHORTEST_MASKED)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /** {@code text} with every known secret value and every URL's credentials ({@link UrlCredentials}) masked. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String result = UrlCredentials.redact(text);
        for (String value : values) {
            result = result.replace(value, "****");
        }
        return result;
    }
}

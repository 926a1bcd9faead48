package io.billinggateway.router;

import java.util.regex.Pattern;

/**
 * Masks the credentials that URLs carry in free text: the user information ({@code https://user:pass@host})
 * and query parameters that by their name hold a secret ({@code ?password=}, {@code &token=}, {@code api_key=},
 * ...), in any URL scheme, JDBC URLs included. Applied wherever a text may reach a log, a health page, an API
 * answer or a metric label, whether or not the value is a configured secret that {@link SecretMasker} knows.
 */
public final class UrlCredentials {
    private static final String MASK = "****";
    private static final Pattern USER_INFO = Pattern.compile("(\\b[A-Za-z][A-Za-z0-9+.\\-]*://)[^/\\s@?#]+@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "([?&;](?:password|passwd|pwd|pass|secret|client_secret|token|access_token|auth|apikey|api_key|api-key|key|sig|signature|private_key)=)[^&;#\\s]*",
            Pattern.CASE_INSENSITIVE);

    private UrlCredentials() {
    }

    /** {@code text} with every URL's user information and secret query parameters replaced by {@code ****}. */
    public static String redact(String text) {
        if (text == null || text.indexOf(':') < 0 && text.indexOf('=') < 0) {
            return text;
        }
        String withoutUserInfo = USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
        return SECRET_PARAMETER.matcher(withoutUserInfo).replaceAll("$1" + MASK);
    }
}

package io.billinggateway.gateway.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.billinggateway.router.UrlCredentials;

/** {@code %redactedEx} in {@code logback.xml}: the stack trace with URL credentials in exception messages masked. */
public final class RedactingThrowableConverter extends ThrowableProxyConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return UrlCredentials.redact(super.convert(event));
    }
}

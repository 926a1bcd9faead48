package io.billinggateway.gateway.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.billinggateway.router.UrlCredentials;

/** {@code %redactedMsg} in {@code logback.xml}: the formatted message with URL credentials masked. */
public final class RedactingMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return UrlCredentials.redact(super.convert(event));
    }
}

package io.billinggateway.gateway.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactingConvertersTest {
    private final LoggerContext context = new LoggerContext();

    @Test
    void messagesLoseTheCredentialsOfTheirUrls() {
        LoggingEvent event = new LoggingEvent("test", context.getLogger("test"), Level.INFO, "delivering to {}",
                null, new Object[] {"https://user:pass-4711@example.com/hook?token=t-4711"});

        assertThat(new RedactingMessageConverter().convert(event)).isEqualTo("delivering to https://****@example.com/hook?token=****");
    }

    @Test
    void stackTracesLoseThemToo() {
        LoggingEvent event = new LoggingEvent("test", context.getLogger("test"), Level.ERROR, "failed",
                new IllegalStateException("cannot connect to jdbc:postgresql://db/billing?password=pw-4711"), null);
        RedactingThrowableConverter converter = new RedactingThrowableConverter();
        converter.setContext(context);
        converter.start();

        assertThat(converter.convert(event)).contains("password=****").doesNotContain("pw-4711");
    }
}

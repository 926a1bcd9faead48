package io.billinggateway.gateway.input;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The limits of a text field of a strictly bound request record ({@link StrictBodyDeserializer}). A text field without it may hold
 * {@link TextRules#DEFAULT_MAX_LENGTH} characters on one line.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Text {
    /** The most characters (Unicode code points) the column that stores the value holds. */
    int maxLength();

    /** Whether line feeds, carriage returns and tabs are allowed; other control characters never are. */
    boolean multiline() default false;
}

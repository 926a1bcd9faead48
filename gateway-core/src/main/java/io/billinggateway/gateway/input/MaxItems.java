package io.billinggateway.gateway.input;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The most elements a list field of a strictly bound request record ({@link StrictBodyDeserializer}) holds; without it, {@link StrictBodyDeserializer#DEFAULT_MAX_ITEMS}. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface MaxItems {
    int value();
}

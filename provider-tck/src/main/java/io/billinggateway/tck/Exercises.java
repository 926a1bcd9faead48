package io.billinggateway.tck;

import io.billinggateway.spi.Capability;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The capabilities whose declaration a conformance test checks, in both directions: declared, the operation
 * must work; not declared, it must fail with {@link io.billinggateway.spi.ErrorCode#UNSUPPORTED}. Tests
 * without it check contracts every provider has. Reports group results by it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Exercises {
    Capability[] value();
}

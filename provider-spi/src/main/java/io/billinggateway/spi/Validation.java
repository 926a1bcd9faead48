package io.billinggateway.spi;

import static java.util.Objects.requireNonNull;

/** Checks shared by the records of this package. */
final class Validation {
    private Validation() {
    }

    static String requireText(String value, String name) {
        requireNonNull(value, name + " is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}

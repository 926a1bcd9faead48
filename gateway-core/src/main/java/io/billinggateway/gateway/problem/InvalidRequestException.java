package io.billinggateway.gateway.problem;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;

import java.util.ArrayList;
import java.util.List;

/** A request body failed validation; {@link #errors()} names each invalid field. */
public final class InvalidRequestException extends BillingException {
    private final List<String> errors;

    public InvalidRequestException(List<String> errors) {
        super(ErrorCode.INVALID_REQUEST, String.join("; ", requireNotEmpty(errors)));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }

    /** Collects field errors and throws them together. */
    public static final class Collector {
        private final List<String> errors = new ArrayList<>();

        public Collector add(String field, String problem) {
            errors.add(field + ": " + problem);
            return this;
        }

        public boolean isEmpty() {
            return errors.isEmpty();
        }

        /** How many errors were collected so far. */
        public int size() {
            return errors.size();
        }

        public void throwIfAny() {
            if (!errors.isEmpty()) {
                throw new InvalidRequestException(errors);
            }
        }
    }

    private static List<String> requireNotEmpty(List<String> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid request needs at least one error");
        }
        return errors;
    }
}

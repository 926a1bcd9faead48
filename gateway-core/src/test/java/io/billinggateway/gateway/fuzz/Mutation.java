package io.billinggateway.gateway.fuzz;

import static java.util.Objects.requireNonNull;

/**
 * One change to a valid request.
 *
 * @param label what changed, as a report shows it
 * @param value the new value (a JSON value for a body field, text for a header or path segment); {@link #ABSENT} to remove it
 * @param invalid whether the change makes the request invalid, so that the gateway must reject it with a 4xx
 */
record Mutation(String label, Object value, boolean invalid) {
    /** Removes the field, header or parameter. */
    static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "absent";
        }
    };

    Mutation {
        requireNonNull(label, "label is null");
    }

    static Mutation valid(String label, Object value) {
        return new Mutation(label, value, false);
    }

    static Mutation invalid(String label, Object value) {
        return new Mutation(label, value, true);
    }
}

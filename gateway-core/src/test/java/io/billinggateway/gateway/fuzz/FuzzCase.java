package io.billinggateway.gateway.fuzz;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A generated request and what the gateway owes it.
 *
 * @param changes how the request differs from the endpoint's valid request; empty for the valid request itself
 * @param invalidBecause the changes that make the request invalid: when any, only a 4xx is a right answer
 */
record FuzzCase(Endpoint endpoint, FuzzRequest request, List<String> changes, List<String> invalidBecause) {
    FuzzCase {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(request, "request is null");
        changes = List.copyOf(changes);
        invalidBecause = List.copyOf(invalidBecause);
    }

    boolean mustBeRejected() {
        return !invalidBecause.isEmpty();
    }

    String printable() {
        return "endpoint: " + endpoint + " (" + endpoint.access().name() + ")\n"
                + "changes: " + (changes.isEmpty() ? "none (the valid request)" : String.join("; ", changes)) + "\n"
                + (mustBeRejected() ? "must be rejected because: " + String.join("; ", invalidBecause) + "\n" : "")
                + request.printable();
    }
}

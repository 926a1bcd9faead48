package io.billinggateway.gateway.checkout;

import io.billinggateway.gateway.persistence.Json;
import io.billinggateway.gateway.problem.Problem;
import io.billinggateway.gateway.problem.ProblemMapping;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import jakarta.inject.Singleton;

import static java.util.Objects.requireNonNull;

/**
 * A provider's refusal kept as the response of an {@code Idempotency-Key}, so that repeating the request answers
 * the same problem instead of asking the provider again.
 */
@Singleton
public final class StoredProblems {
    /** Fits the stored body into its {@code VARCHAR(8000)} column with room for the rest of the document. */
    private static final int DETAIL_LENGTH = 2000;

    private final Json json;

    public StoredProblems(Json json) {
        this.json = requireNonNull(json, "json is null");
    }

    /** @param status the HTTP status it is answered with */
    public record Stored(int status, String body) {
    }

    public Stored store(BillingException failure) {
        Problem problem = ProblemMapping.of(failure);
        String detail = problem.detail().length() <= DETAIL_LENGTH ? problem.detail() : problem.detail().substring(0, DETAIL_LENGTH - 3) + "...";
        Problem stored = new Problem(problem.type(), problem.title(), problem.status(), detail, null, problem.code(), problem.retryable(),
                problem.registered(), problem.errors());
        return new Stored(stored.status(), json.write(stored));
    }

    /** The exception that answers a stored problem again: same status, type, code and detail. */
    public BillingException replay(String body) {
        Problem problem = json.read(body, Problem.class);
        return new BillingException(ErrorCode.valueOf(problem.code()), problem.detail());
    }
}

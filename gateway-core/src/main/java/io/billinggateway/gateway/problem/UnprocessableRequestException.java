package io.billinggateway.gateway.problem;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;

/**
 * A well-formed request that cannot be processed as sent (HTTP 422), with its own problem type, e.g.
 * {@code idempotency-key-reused}.
 */
public class UnprocessableRequestException extends BillingException {
    private final String problemCode;

    public UnprocessableRequestException(String problemCode, String message) {
        super(ErrorCode.INVALID_REQUEST, message);
        this.problemCode = problemCode;
    }

    /** The upper-case code of the problem type ({@code IDEMPOTENCY_KEY_REUSED}). */
    public String problemCode() {
        return problemCode;
    }
}

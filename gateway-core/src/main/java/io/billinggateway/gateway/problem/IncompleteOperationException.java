package io.billinggateway.gateway.problem;

import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;

/**
 * A server error after which the gateway knows exactly what the client should do: a provider acted (started a
 * checkout, ended a subscription) and the gateway could not record it, and sending the same request again completes
 * it. Its message is written for the client and is shown as the problem's {@code detail}, with
 * {@code retryable: true} and a correlation id; the cause (the database's failure) goes to the log only.
 */
public final class IncompleteOperationException extends BillingException {
    /** @param message what happened and what to send again; never SQL, a driver's message or a class name */
    public IncompleteOperationException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, cause);
    }
}

package io.billinggateway.gateway.checkout;

import io.billinggateway.gateway.problem.UnprocessableRequestException;

/** An {@code Idempotency-Key} was sent again with a different request. Answered with 422. */
public final class IdempotencyKeyReusedException extends UnprocessableRequestException {
    public IdempotencyKeyReusedException(IdempotencyKey key) {
        super("IDEMPOTENCY_KEY_REUSED", "Idempotency-Key '" + key + "' was already used with a different request; use a new key for a new request");
    }
}

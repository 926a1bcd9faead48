package io.billinggateway.spi;

/**
 * What went wrong, and whether repeating the same request may succeed.
 *
 * <p>The gateway maps each code to one HTTP status and one RFC 9457 problem type
 * ({@code https://billing-gateway.dev/problems/<code in kebab case>}); the mapping is part of the
 * documented API and does not change within a major SPI version.
 */
public enum ErrorCode {
    /** The request is malformed or violates a documented precondition. Fix the request; do not retry. */
    INVALID_REQUEST(false),
    /** The operation or an option of it is outside this provider's declared capabilities. */
    UNSUPPORTED(false),
    /** A webhook or signed message failed verification (bad signature, stale timestamp, replay). */
    SIGNATURE_INVALID(false),
    /** The referenced plan, payment, subscription or network does not exist. */
    NOT_FOUND(false),
    /** The request conflicts with the current state (already refunded, plan frozen, ...). */
    CONFLICT(false),
    /** The payer's instrument was declined for a reason that retrying will not fix. */
    PAYMENT_DECLINED(false),
    /** The payer does not currently have enough funds or allowance; a later retry may succeed. */
    INSUFFICIENT_FUNDS(true),
    /** The provider, RPC node or PSP could not be reached or answered with a transient error. */
    NETWORK_UNAVAILABLE(true),
    /** The provider did not answer in time. The outcome is unknown; only idempotent retries are safe. */
    TIMEOUT(true),
    /** The network's configuration is missing or wrong; an operator must act. */
    CONFIGURATION_INVALID(false),
    /** A bug or an unexpected state inside the provider. */
    INTERNAL(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether sending the same request again (with the same idempotency reference) may succeed. */
    public boolean retryable() {
        return retryable;
    }
}

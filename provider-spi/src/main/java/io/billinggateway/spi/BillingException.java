package io.billinggateway.spi;

import static java.util.Objects.requireNonNull;

/**
 * The one exception of the SPI: every failure a provider reports is a {@code BillingException}
 * with an {@link ErrorCode}.
 *
 * <p>The message is shown to API clients and operators, so it must explain the problem and must never
 * contain a secret (keys, API tokens, webhook secrets). The gateway masks configured secret values
 * defensively, but a provider must not rely on that.
 */
public class BillingException extends RuntimeException {
    private final ErrorCode code;

    public BillingException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public BillingException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    /** The standard error for an operation outside a provider's capabilities. */
    public static BillingException unsupported(String providerId, String operation, Capability missing) {
        return new BillingException(ErrorCode.UNSUPPORTED,
                "provider '" + providerId + "' does not support " + operation + " (capability " + missing + " not declared)");
    }

    public ErrorCode code() {
        return code;
    }

    /** Whether the same request may succeed when sent again; see {@link ErrorCode#retryable()}. */
    public boolean retryable() {
        return code.retryable();
    }
}

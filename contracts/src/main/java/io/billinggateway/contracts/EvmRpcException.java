package io.billinggateway.contracts;

/**
 * The node could not be reached or answered with an error that is not a revert (timeouts, unknown method,
 * nonce too low). Whether a retry is safe depends on the operation: a transaction may have been sent.
 */
public final class EvmRpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EvmRpcException(String message) {
        super(message);
    }

    public EvmRpcException(String message, Throwable cause) {
        super(message, cause);
    }
}

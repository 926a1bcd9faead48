package io.billinggateway.gateway.sandbox;

/** Why the sandbox cannot start, as one line for its user (no stack trace). */
final class SandboxException extends Exception {
    SandboxException(String message) {
        super(message);
    }

    SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.billinggateway.contracts.deploy;

/** A deployment that cannot go on; its message is one line meant for the operator, never containing a secret. */
public final class DeploymentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeploymentException(String message) {
        super(message);
    }
}

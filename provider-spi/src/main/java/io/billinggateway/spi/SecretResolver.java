package io.billinggateway.spi;

/**
 * Resolves secret references ({@code env:NAME}, {@code file:/run/secrets/x}; a host may add more
 * schemes such as a vault) to values. Owned by the host and handed to providers through
 * {@link ProviderContext#secrets()}.
 */
public interface SecretResolver {
    /**
     * @throws BillingException with {@link ErrorCode#CONFIGURATION_INVALID} when the reference is malformed
     *         or cannot be resolved; the message names the reference, never a value
     */
    Secret resolve(String reference);
}

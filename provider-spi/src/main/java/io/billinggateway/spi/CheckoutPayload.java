package io.billinggateway.spi;

import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;

import static io.billinggateway.spi.Validation.requireText;
import static java.util.Objects.requireNonNull;

/** What the payer's client does to complete a checkout. Each kind is serialised with a {@code type} field by the gateway. */
public sealed interface CheckoutPayload {
    /**
     * An EVM transaction for the payer's wallet to sign and send.
     *
     * @param gasLimit estimated by the provider against the live chain, never guessed
     * @param deadline after this instant the contract rejects the transaction
     */
    record WalletTransaction(ChainId chainId, String to, String data, BigInteger value, BigInteger gasLimit, Instant deadline)
            implements CheckoutPayload {
        public WalletTransaction {
            requireNonNull(chainId, "chainId is null");
            requireText(to, "to");
            requireText(data, "data");
            requireNonNull(value, "value is null");
            requireNonNull(gasLimit, "gasLimit is null");
            requireNonNull(deadline, "deadline is null");
            if (value.signum() < 0 || gasLimit.signum() <= 0) {
                throw new IllegalArgumentException("value must not be negative and gasLimit must be positive");
            }
        }
    }

    /** A hosted page (a PSP checkout) to send the payer to. */
    record Redirect(URI url) implements CheckoutPayload {
        public Redirect {
            requireNonNull(url, "url is null");
            if (!url.isAbsolute()) {
                throw new IllegalArgumentException("redirect url must be absolute, got " + url);
            }
        }
    }

    /**
     * A payment request URI for a wallet (a Solana Pay {@code solana:} transfer request).
     *
     * @param reference the key that identifies this payment on the chain
     */
    record PaymentRequestUri(URI uri, String reference) implements CheckoutPayload {
        public PaymentRequestUri {
            requireNonNull(uri, "uri is null");
            requireText(reference, "reference");
        }
    }
}

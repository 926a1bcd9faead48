package io.billinggateway.provider.solana.json;

/** Text that is not the JSON expected. The message says what was expected and where; it never quotes the whole input. */
public final class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }
}

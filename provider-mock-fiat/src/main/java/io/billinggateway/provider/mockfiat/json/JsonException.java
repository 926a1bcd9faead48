package io.billinggateway.provider.mockfiat.json;

/** A text that is not the JSON expected: malformed, or a member missing or of the wrong type. */
public final class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }

    public JsonException(String message, Throwable cause) {
        super(message, cause);
    }
}

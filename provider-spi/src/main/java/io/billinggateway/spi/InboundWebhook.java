package io.billinggateway.spi;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * An HTTP request that arrived at a network's webhook endpoint, exactly as received: the body is the raw
 * bytes the signature was computed over.
 *
 * @param headers header values by name; names are matched case-insensitively
 */
public record InboundWebhook(Map<String, List<String>> headers, byte[] body, Instant receivedAt) {
    public InboundWebhook {
        requireNonNull(headers, "headers is null");
        requireNonNull(body, "body is null");
        requireNonNull(receivedAt, "receivedAt is null");
        Map<String, List<String>> normalised = new TreeMap<>();
        headers.forEach((name, values) -> normalised.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values),
                (first, second) -> java.util.stream.Stream.concat(first.stream(), second.stream()).toList()));
        headers = Map.copyOf(normalised);
        body = body.clone();
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InboundWebhook that
                && headers.equals(that.headers)
                && java.util.Arrays.equals(body, that.body)
                && receivedAt.equals(that.receivedAt);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * headers.hashCode() + java.util.Arrays.hashCode(body)) + receivedAt.hashCode();
    }

    @Override
    public String toString() {
        return "InboundWebhook[headers=" + headers.keySet() + ", body=" + body.length + " bytes, receivedAt=" + receivedAt + "]";
    }
}

package io.billinggateway.gateway.persistence;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;

import static java.util.Objects.requireNonNull;

/** JSON for stored documents (payloads, audit states, outbox events), through the application's serde mapper. */
@Singleton
public final class Json {
    private final JsonMapper mapper;

    public Json(JsonMapper mapper) {
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + type.getSimpleName() + " from stored JSON", e);
        }
    }
}

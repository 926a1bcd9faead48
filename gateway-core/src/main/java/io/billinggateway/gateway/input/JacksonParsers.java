package io.billinggateway.gateway.input;

import com.fasterxml.jackson.core.JsonParser;
import io.micronaut.serde.Decoder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** The Jackson parser under serde's {@code JacksonDecoder}, which keeps it private; null where it cannot be reached. */
final class JacksonParsers {
    private static final VarHandle PARSER = find();

    private JacksonParsers() {
    }

    static JsonParser of(Decoder decoder) {
        if (PARSER == null || !decoder.getClass().getName().equals("io.micronaut.serde.jackson.JacksonDecoder")) {
            return null;
        }
        return PARSER.get(decoder) instanceof JsonParser parser ? parser : null;
    }

    private static VarHandle find() {
        try {
            Class<?> type = Class.forName("io.micronaut.serde.jackson.JacksonDecoder");
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup()).findVarHandle(type, "parser", JsonParser.class);
        }
        catch (ReflectiveOperationException | RuntimeException notThere) {
            return null;
        }
    }
}

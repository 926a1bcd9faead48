package io.billinggateway.provider.mockfiat.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {
    @Test
    void writesObjectsInInsertionOrder() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("type", "payment.succeeded");
        value.put("count", 3);
        value.put("big", new BigInteger("115792089237316195423570985008687907853269984665640564039457584007913129639935"));
        value.put("ok", true);
        value.put("nothing", null);
        value.put("items", List.of(1L, "two", Map.of()));

        assertThat(Json.write(value)).isEqualTo(
                "{\"type\":\"payment.succeeded\",\"count\":3,\"big\":115792089237316195423570985008687907853269984665640564039457584007913129639935,"
                        + "\"ok\":true,\"nothing\":null,\"items\":[1,\"two\",{}]}");
    }

    @Test
    void escapesWhatJsonRequires() {
        String text = "quote \" backslash \\ slash / newline \n tab \t bell \u0007 nul \u0000 line \u2028 é 😀";

        String written = Json.write(text);

        assertThat(written).isEqualTo("\"quote \\\" backslash \\\\ slash / newline \\n tab \\t bell \\u0007 nul \\u0000 line \\u2028 é 😀\"");
        assertThat(Json.parse(written)).isEqualTo(text);
    }

    @Test
    void readsEscapesIncludingSurrogatePairs() {
        assertThat(Json.parse("\"\\u00e9\\ud83d\\ude00\\/\\b\\f\\r\"")).isEqualTo("é😀/\b\f\r");
    }

    @Test
    void readsNestedDocumentsWithWhitespace() {
        JsonObject object = Json.parseObject(" {\n \"data\" : { \"amount\" : \"1999\", \"list\": [ true, false, null, -1.5e3 ] } } ");

        assertThat(object.object("data").integerString("amount")).isEqualTo(BigInteger.valueOf(1999));
        assertThat(object.object("data").members().get("list")).isEqualTo(java.util.Arrays.asList(true, false, null, new BigDecimal("-1.5e3")));
    }

    @Test
    void roundTripsEveryKindOfValue() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "a\"b");
        value.put("number", new BigDecimal("12"));
        value.put("nested", Map.of("list", List.of("x")));

        assertThat(Json.parse(Json.write(value))).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":}", "{\"a\" 1}", "[1,]", "[1 2]", "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "01", "-", "1.", "1e",
            "tru", "nul", "{\"a\":1}x", "{a:1}", "{\"a\":1,\"a\":2}", "\"raw\nnewline\""})
    void refusesMalformedText(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(JsonException.class).hasMessageContaining("at character");
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String deep = "[".repeat(100) + "]".repeat(100);

        assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(JsonException.class).hasMessageContaining("nested deeper");
    }

    @Test
    void refusesFloatingPointValues() {
        assertThatThrownBy(() -> Json.write(Map.of("amount", 19.99)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("floating-point");
    }

    @Test
    void typedAccessorsNameTheMember() {
        JsonObject object = Json.parseObject("{\"amount\":1999,\"when\":\"yesterday\",\"digits\":\"12a\"}");

        assertThatThrownBy(() -> object.string("amount")).isInstanceOf(JsonException.class).hasMessage("member 'amount' must be a string, got a number");
        assertThatThrownBy(() -> object.string("missing")).isInstanceOf(JsonException.class).hasMessage("member 'missing' is missing");
        assertThatThrownBy(() -> object.instant("when")).isInstanceOf(JsonException.class).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> object.integerString("digits")).isInstanceOf(JsonException.class).hasMessageContaining("digits");
        assertThat(object.number("amount")).isEqualTo(1999);
    }

    @Test
    void builderLeavesOutEmptyOptionalsAndWritesInstantsAsText() {
        JsonObject object = JsonObject.empty()
                .with("present", Optional.of("yes"))
                .with("absent", Optional.empty())
                .with("at", Instant.parse("2030-01-01T00:00:00Z"));

        assertThat(object.toString()).isEqualTo("{\"present\":\"yes\",\"at\":\"2030-01-01T00:00:00Z\"}");
    }
}

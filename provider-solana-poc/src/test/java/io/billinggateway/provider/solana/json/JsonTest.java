package io.billinggateway.provider.solana.json;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {
    @Test
    void roundTripsEveryKindOfValue() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "quote \" backslash \\ newline \n tab \t unicode é ✓ \u0001");
        value.put("integer", 9_007_199_254_740_993L);
        value.put("big", new BigInteger("18446744073709551615"));
        value.put("flags", List.of(true, false));
        value.put("nothing", null);
        value.put("nested", Map.of("list", List.of()));

        String written = Json.write(value);
        JsonObject read = Json.parseObject(written);

        assertThat(read.string("text")).isEqualTo(value.get("text"));
        assertThat(read.integer("integer")).isEqualTo(BigInteger.valueOf(9_007_199_254_740_993L));
        assertThat(read.integer("big")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(read.array("flags")).containsExactly(true, false);
        assertThat(read.has("nothing")).isFalse();
        assertThat(read.object("nested").array("list")).isEmpty();
        assertThat(Json.write(Json.parse(written))).isEqualTo(written);
    }

    @Test
    void readsNumbersExactly() {
        assertThat(Json.parse("[0, -1, 1.5e3, 0.000001999]")).isEqualTo(List.of(BigDecimal.ZERO, BigDecimal.ONE.negate(), new BigDecimal("1.5e3"), new BigDecimal("0.000001999")));
    }

    @Test
    void refusesMalformedText() {
        for (String text : List.of("", "{", "{\"a\":1,}", "[1 2]", "01", "\"unterminated", "{\"a\":1,\"a\":2}", "tru", "{} extra", "\"\\x\"")) {
            assertThatThrownBy(() -> Json.parse(text)).as(text).isInstanceOf(JsonException.class);
        }
        assertThatThrownBy(() -> Json.parse("[".repeat(100) + "]".repeat(100))).hasMessageContaining("nested deeper");
    }

    @Test
    void refusesFloatingPointAndNamesTheMistypedMember() {
        assertThatThrownBy(() -> Json.write(Map.of("amount", 0.1))).hasMessageContaining("no JSON form for java.lang.Double");
        assertThatThrownBy(() -> Json.parseObject("{\"slot\":\"x\"}").integer("slot")).hasMessage("member 'slot' must be an integer, got String");
        assertThatThrownBy(() -> Json.parseObject("{}").string("signature")).hasMessage("member 'signature' must be a string, got nothing");
        assertThat(Arrays.asList(Json.write(List.of()), Json.write(Map.of()))).containsExactly("[]", "{}");
    }
}

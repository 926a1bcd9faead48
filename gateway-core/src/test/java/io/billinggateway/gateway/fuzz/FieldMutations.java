package io.billinggateway.gateway.fuzz;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.billinggateway.gateway.fuzz.Mutation.ABSENT;
import static io.billinggateway.gateway.fuzz.Mutation.invalid;
import static io.billinggateway.gateway.fuzz.Mutation.valid;

/**
 * The mutations of one body field, simplest first: wrong JSON types, then the kind's own edge cases. Which of
 * them must be rejected follows the product's rules (issue 12): no coercion between types, limits of the
 * storing column, no NUL or other control characters, positive amounts below 2^256, billing periods between
 * a day and ten years, known references only.
 */
final class FieldMutations {
    static final String LONG_2001 = "a".repeat(2_001);
    static final String LONG_100K = "a".repeat(100_000);
    static final JsonText.Raw NINES_10K = new JsonText.Raw("9".repeat(10_000));

    private FieldMutations() {
    }

    static List<Mutation> of(FieldRule rule, Object validValue) {
        List<Mutation> mutations = new ArrayList<>();
        mutations.add(new Mutation("absent", ABSENT, rule.required()));
        mutations.add(new Mutation("null", null, rule.required()));
        mutations.addAll(wrongTypes(rule.kind()));
        mutations.addAll(switch (rule.kind()) {
            case REFERENCE -> reference(rule, validValue);
            case SLUG -> slug(rule);
            case TEXT -> text(rule);
            case AMOUNT -> amount();
            case DURATION -> duration();
            case BOOLEAN -> List.of(valid("true", true), valid("false", false));
            case INTEGER -> integer();
            case UUID -> uuid(validValue);
            case URL -> url();
            case LIST -> list(rule, validValue);
        });
        return mutations;
    }

    private static List<Mutation> wrongTypes(FieldRule.Kind kind) {
        List<Mutation> mutations = new ArrayList<>();
        switch (kind) {
            case BOOLEAN -> {
                mutations.add(invalid("\"yes\" (a string for a boolean)", "yes"));
                mutations.add(invalid("\"true\" (a string for a boolean)", "true"));
                mutations.add(invalid("\"false\" (a string for a boolean)", "false"));
                mutations.add(invalid("1 (a number for a boolean)", 1));
                mutations.add(invalid("0 (a number for a boolean)", 0));
            }
            case INTEGER -> {
                mutations.add(invalid("\"1\" (a string for a number)", "1"));
                mutations.add(invalid("true (a boolean for a number)", true));
                mutations.add(invalid("1.5 (a fraction for an integer)", new JsonText.Raw("1.5")));
            }
            case LIST -> {
                mutations.add(invalid("\"x\" (a string for a list)", "x"));
                mutations.add(invalid("{} (an object for a list)", Map.of()));
            }
            default -> {
                mutations.add(invalid("1 (a number for a string)", 1));
                mutations.add(invalid("true (a boolean for a string)", true));
            }
        }
        if (kind != FieldRule.Kind.LIST) {
            mutations.add(invalid("[] (a list for a scalar)", List.of()));
            mutations.add(invalid("[\"x\"] (a list for a scalar)", List.of("x")));
            mutations.add(invalid("{} (an object for a scalar)", Map.of()));
            mutations.add(invalid("{\"a\":1} (an object for a scalar)", Map.of("a", 1)));
        }
        return mutations;
    }

    /** Texts every string field must refuse: over any limit, or holding control characters. */
    private static List<Mutation> forbiddenText(String base) {
        return List.of(
                invalid("100,000 characters", LONG_100K),
                invalid("NUL inside", base + "\u0000x"),
                invalid("U+0001 inside", base + "\u0001"),
                invalid("ESC inside", base + "\u001b[31m"),
                invalid("DEL inside", base + "\u007f"));
    }

    private static List<Mutation> lengths(FieldRule rule, boolean maximumIsValid) {
        List<Mutation> mutations = new ArrayList<>();
        if (rule.maxLength() > 0) {
            if (maximumIsValid) {
                mutations.add(valid(rule.maxLength() + " characters (the limit)", "a".repeat(rule.maxLength())));
            }
            if (rule.maxLength() + 1 != LONG_2001.length()) {
                mutations.add(invalid((rule.maxLength() + 1) + " characters (over the limit of " + rule.maxLength() + ")", "a".repeat(rule.maxLength() + 1)));
            }
            mutations.add(new Mutation("2,001 characters", LONG_2001, rule.maxLength() < LONG_2001.length()));
        }
        else {
            mutations.add(valid("2,001 characters", LONG_2001));
        }
        return mutations;
    }

    private static List<Mutation> reference(FieldRule rule, Object validValue) {
        List<Mutation> mutations = new ArrayList<>();
        mutations.add(new Mutation("\"\"", "", rule.required()));
        mutations.add(new Mutation("\" \"", " ", rule.required()));
        mutations.add(invalid("an unknown name", "no-such-thing"));
        mutations.addAll(lengths(rule, false));
        mutations.addAll(forbiddenText(String.valueOf(validValue)));
        mutations.add(invalid("a line break inside", validValue + "\nx"));
        mutations.add(valid("upper case of the valid value", String.valueOf(validValue).toUpperCase(Locale.ROOT)));
        mutations.add(valid("the valid value with spaces around", " " + validValue + " "));
        mutations.add(invalid("full-width letters", "ｆｉａｔ"));
        mutations.add(invalid("an emoji", "\uD83D\uDE00"));
        mutations.add(invalid("a lone surrogate", "\uD800"));
        mutations.add(invalid("quote and SQL", "' OR '1'='1"));
        mutations.add(invalid("a path traversal", "../../etc/passwd"));
        mutations.add(invalid("a JNDI lookup", "${jndi:ldap://127.0.0.1/x}"));
        return mutations;
    }

    private static List<Mutation> slug(FieldRule rule) {
        List<Mutation> mutations = new ArrayList<>();
        mutations.add(invalid("\"\"", ""));
        mutations.add(invalid("one character", "a"));
        mutations.addAll(lengths(rule, true));
        mutations.addAll(forbiddenText("fuzz-slug"));
        mutations.add(invalid("upper case", "Fuzz-Upper"));
        mutations.add(invalid("a leading dash", "-fuzz"));
        mutations.add(invalid("a space inside", "fuzz slug"));
        mutations.add(invalid("an emoji", "fuzz-\uD83D\uDE00"));
        mutations.add(invalid("a path traversal", "../../etc/passwd"));
        mutations.add(invalid("quote and SQL", "' OR '1'='1"));
        return mutations;
    }

    private static List<Mutation> text(FieldRule rule) {
        List<Mutation> mutations = new ArrayList<>();
        mutations.add(new Mutation("\"\"", "", rule.required()));
        mutations.add(new Mutation("\" \"", " ", rule.required()));
        mutations.addAll(lengths(rule, true));
        mutations.addAll(forbiddenText("text"));
        mutations.add(valid("line break and tab", "line one\nline two\tand a tab"));
        mutations.add(valid("unicode", "Ünïcødé ✓ 日本語 \uD83D\uDE00 عربى"));
        mutations.add(valid("a right-to-left override", "\u202Egnp.exe"));
        mutations.add(valid("zero-width and byte order marks", "a\u200Bb\uFEFF"));
        mutations.add(valid("a lone surrogate", "\uD800"));
        mutations.add(valid("quote and SQL", "' OR '1'='1"));
        mutations.add(valid("HTML", "<script>alert(1)</script>"));
        mutations.add(valid("a JNDI lookup", "${jndi:ldap://127.0.0.1/x}"));
        return mutations;
    }

    private static List<Mutation> amount() {
        BigInteger largest = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        return List.of(
                invalid("100 (a number for an amount string)", 100),
                invalid("\"0\"", "0"),
                invalid("\"-1\"", "-1"),
                invalid("\"1.5\"", "1.5"),
                invalid("\"1e3\"", "1e3"),
                invalid("\"abc\"", "abc"),
                invalid("\"\"", ""),
                invalid("\" 1\"", " 1"),
                invalid("NUL inside", "1\u0000"),
                valid("\"1\"", "1"),
                valid("\"0001\"", "0001"),
                valid("2^256-1", largest.toString()),
                invalid("2^256", largest.add(BigInteger.ONE).toString()),
                invalid("100 nines", "9".repeat(100)),
                invalid("10,000 nines", "9".repeat(10_000)),
                invalid("10,000 nines as a number", NINES_10K),
                invalid("1e400 as a number", new JsonText.Raw("1e400")),
                invalid("100,000 characters", LONG_100K));
    }

    private static List<Mutation> duration() {
        return List.of(
                invalid("\"abc\"", "abc"),
                invalid("\"P0D\"", "P0D"),
                invalid("\"PT0S\"", "PT0S"),
                invalid("\"-P30D\"", "-P30D"),
                invalid("\"P99999999999D\"", "P99999999999D"),
                invalid("\"PT9999999999999H\"", "PT9999999999999H"),
                invalid("\"P3651D\" (over ten years)", "P3651D"),
                valid("\"P1D\"", "P1D"),
                valid("\"PT720H\"", "PT720H"),
                valid("\"P365D\"", "P365D"),
                invalid("NUL inside", "P30D\u0000"),
                invalid("2,001 characters", "P" + "1".repeat(1_999) + "D"),
                invalid("100,000 characters", LONG_100K));
    }

    private static List<Mutation> integer() {
        return List.of(
                invalid("\"abc\"", "abc"),
                invalid("-1", -1),
                valid("0", 0),
                valid("1", 1),
                valid("2147483647", Integer.MAX_VALUE),
                invalid("2147483648 (over the range of an int)", 2_147_483_648L),
                invalid("10,000 nines", NINES_10K),
                invalid("1e400", new JsonText.Raw("1e400")));
    }

    private static List<Mutation> uuid(Object validValue) {
        return List.of(
                invalid("\"not-a-uuid\"", "not-a-uuid"),
                invalid("\"\"", ""),
                invalid("an unknown id", "3f2b9c4e-7d1a-4c1b-9e58-0f6a2d3b4c5d"),
                invalid("the nil UUID", "00000000-0000-0000-0000-000000000000"),
                valid("upper case of the valid id", String.valueOf(validValue).toUpperCase(Locale.ROOT)),
                invalid("NUL inside", validValue + "\u0000"),
                invalid("2,001 characters", LONG_2001));
    }

    private static List<Mutation> url() {
        return List.of(
                invalid("a javascript: URL", "javascript:alert(1)"),
                invalid("an ftp URL", "ftp://shop.example/x"),
                invalid("a relative URL", "/done"),
                invalid("a malformed URL", "http://[::1"),
                valid("credentials in the URL", "https://user:secret@shop.example/done"),
                valid("a unicode host", "https://例え.jp/done"),
                valid("2,001 characters", "https://shop.example/" + "a".repeat(1_980)),
                invalid("NUL inside", "https://shop.example/\u0000"),
                invalid("100,000 characters", "https://shop.example/" + LONG_100K));
    }

    private static List<Mutation> list(FieldRule rule, Object validValue) {
        List<?> valid = validValue instanceof List<?> items ? items : List.of();
        Object item = valid.isEmpty() ? Map.of() : valid.getFirst();
        return List.of(
                new Mutation("[]", List.of(), rule.required()),
                invalid("[null]", Collections.singletonList(null)),
                invalid("[\"x\"]", List.of("x")),
                invalid("the same item twice", List.of(item, item)),
                invalid("1,000 copies of the item", Collections.nCopies(1_000, item)));
    }
}

package io.billinggateway.gateway.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.billinggateway.gateway.fuzz.Mutation.ABSENT;
import static io.billinggateway.gateway.fuzz.Mutation.invalid;
import static io.billinggateway.gateway.fuzz.Mutation.valid;

/** Values of path segments and query parameters, as they go on the wire (already percent-encoded). */
final class PathMutations {
    private PathMutations() {
    }

    static List<Mutation> pathParameter(Endpoint.PathParameter parameter) {
        List<Mutation> mutations = new ArrayList<>();
        mutations.add(invalid("an unknown " + (parameter.uuid() ? "id" : "name"), parameter.uuid() ? "3f2b9c4e-7d1a-4c1b-9e58-0f6a2d3b4c5d" : "no-such-thing"));
        if (parameter.uuid()) {
            mutations.add(invalid("not a UUID", "not-a-uuid"));
            mutations.add(invalid("the nil UUID", "00000000-0000-0000-0000-000000000000"));
        }
        String validValue = parameter.valid().get();
        mutations.add(valid("upper case of the valid value", validValue.toUpperCase(Locale.ROOT)));
        mutations.add(invalid("%00", "%00"));
        mutations.add(invalid("the valid value and %00", validValue + "%00"));
        mutations.add(invalid("%20", "%20"));
        mutations.add(invalid("an encoded traversal ..%2F..%2Fhealth", "..%2F..%2Fhealth"));
        mutations.add(invalid("%2e%2e", "%2e%2e"));
        mutations.add(invalid("..;", "..;"));
        mutations.add(invalid("5,000 characters", "a".repeat(5_000)));
        mutations.add(invalid("invalid UTF-8 %FF%FE", "%FF%FE"));
        mutations.add(invalid("a lone %", "%"));
        mutations.add(invalid("%C3%A9 (é)", "%C3%A9"));
        mutations.add(invalid("SQL", "%27%20OR%20%271%27%3D%271"));
        return mutations;
    }

    static List<Mutation> queryParameter(Endpoint.QueryParameter parameter) {
        List<Mutation> mutations = new ArrayList<>();
        mutations.add(valid("absent", ABSENT));
        mutations.add(valid("empty", ""));
        switch (parameter.kind()) {
            case LIMIT -> {
                mutations.add(invalid("abc", "abc"));
                mutations.add(valid("-1", "-1"));
                mutations.add(valid("0", "0"));
                mutations.add(valid("1", "1"));
                mutations.add(invalid("2147483648 (over the range of an int)", "2147483648"));
                mutations.add(invalid("20 nines", "9".repeat(20)));
                mutations.add(invalid("1.5", "1.5"));
                mutations.add(invalid("1e3", "1e3"));
                mutations.add(invalid("%00", "%00"));
            }
            case NETWORK -> {
                mutations.add(invalid("an unknown network", "no-such-network"));
                mutations.add(valid("upper case", "FIAT"));
                mutations.add(invalid("%00", "%00"));
                mutations.add(invalid("the valid value and %00", "fiat%00"));
                mutations.add(invalid("2,001 characters", "a".repeat(2_001)));
                mutations.add(invalid("invalid UTF-8 %FF", "%FF"));
            }
        }
        mutations.add(valid("given twice", List.of(parameter.valid() == null ? "1" : parameter.valid(), "2")));
        return mutations;
    }
}

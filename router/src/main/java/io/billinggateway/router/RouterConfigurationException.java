package io.billinggateway.router;

import java.util.List;

/**
 * The gateway cannot start because of its network or plugin configuration. Holds one self-explanatory
 * line per problem, so an operator can fix them all in one go; the gateway prints each line and exits
 * non-zero.
 */
public final class RouterConfigurationException extends RuntimeException {
    private final List<String> problems;

    public RouterConfigurationException(List<String> problems) {
        super(String.join(System.lineSeparator(), requireNotEmpty(problems)));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static List<String> requireNotEmpty(List<String> problems) {
        if (problems == null || problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs at least one problem");
        }
        return problems;
    }
}

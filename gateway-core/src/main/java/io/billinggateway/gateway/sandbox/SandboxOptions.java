package io.billinggateway.gateway.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The options of {@code gateway sandbox}.
 *
 * @param home  the sandbox's directory ({@code --home}, default {@code sandbox/} of the checkout)
 * @param port  the gateway's port ({@code --port}, default 8080; 0 lets the system choose)
 * @param reset whether to delete everything of an earlier run first ({@code --reset})
 */
record SandboxOptions(Path home, int port, boolean reset) {
    static final String USAGE = "usage: gateway sandbox [--reset] [--home DIR] [--port N]";

    /** The options, or one line on {@code problem} saying what is wrong. */
    static Optional<SandboxOptions> parse(List<String> arguments, Path defaultHome, StringBuilder problem) {
        Path home = defaultHome;
        int port = 8080;
        boolean reset = false;
        for (int index = 0; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            if (argument.equals("--reset")) {
                reset = true;
                continue;
            }
            if (!argument.equals("--home") && !argument.equals("--port")) {
                problem.append("unknown option ").append(argument).append("; ").append(USAGE);
                return Optional.empty();
            }
            if (index + 1 >= arguments.size()) {
                problem.append(argument).append(" needs a value; ").append(USAGE);
                return Optional.empty();
            }
            String value = arguments.get(++index);
            if (argument.equals("--home")) {
                home = Path.of(value);
            }
            else if (value.matches("[0-9]{1,5}") && Integer.parseInt(value) <= 65535) {
                port = Integer.parseInt(value);
            }
            else {
                problem.append("--port must be a port number from 0 to 65535, got '").append(value).append("'");
                return Optional.empty();
            }
        }
        return Optional.of(new SandboxOptions(home.toAbsolutePath().normalize(), port, reset));
    }
}

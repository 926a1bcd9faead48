package io.billinggateway.gateway;

import io.billinggateway.router.RouterConfigurationException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The configuration files an operator adds to the embedded defaults: {@code --config FILE} (repeatable) and
 * {@code BILLING_CONFIG_FILES} (comma-separated), e.g. the {@code config/networks/bsc.yml} that {@code gateway deploy}
 * writes. Micronaut's own {@code MICRONAUT_CONFIG_FILES} keeps working; all of them are loaded, later files over earlier
 * ones, every file over {@code application.yml}. A file that cannot be read stops startup with one line naming it.
 *
 * @param files the files in the order they are loaded
 * @param remainingArguments the command line without the {@code --config} options
 */
record ConfigurationFiles(List<Path> files, List<String> remainingArguments) {
    static final String VARIABLE = "BILLING_CONFIG_FILES";
    static final String OPTION = "--config";
    /** What Micronaut reads the files from (its {@code MICRONAUT_CONFIG_FILES} as a system property). */
    static final String MICRONAUT_PROPERTY = "micronaut.config.files";

    ConfigurationFiles {
        files = List.copyOf(files);
        remainingArguments = List.copyOf(remainingArguments);
    }

    /**
     * @throws RouterConfigurationException one problem per file that is missing or unreadable, or a {@code --config}
     *                                      without a file
     */
    static ConfigurationFiles parse(List<String> arguments, Map<String, String> environment) {
        requireNonNull(arguments, "arguments is null");
        requireNonNull(environment, "environment is null");
        List<String> named = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Optional.ofNullable(environment.get("MICRONAUT_CONFIG_FILES")).ifPresent(value -> named.addAll(split(value)));
        Optional.ofNullable(environment.get(VARIABLE)).ifPresent(value -> named.addAll(split(value)));
        List<String> remaining = new ArrayList<>();
        for (int index = 0; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            if (argument.startsWith(OPTION + "=")) {
                named.addAll(split(argument.substring(OPTION.length() + 1)));
            }
            else if (argument.equals(OPTION)) {
                if (index + 1 == arguments.size() || arguments.get(index + 1).startsWith("--")) {
                    problems.add(OPTION + " needs a file, e.g. --config config/networks/bsc.yml");
                }
                else {
                    named.addAll(split(arguments.get(++index)));
                }
            }
            else {
                remaining.add(argument);
            }
        }
        List<Path> files = new ArrayList<>();
        for (String name : named) {
            Path file = Path.of(name).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                problems.add("configuration file " + file + " (" + OPTION + ", " + VARIABLE + ") " + (Files.exists(file) ? "cannot be read" : "does not exist"));
            }
            else if (!files.contains(file)) {
                files.add(file);
            }
        }
        if (!problems.isEmpty()) {
            throw new RouterConfigurationException(problems);
        }
        return new ConfigurationFiles(files, remaining);
    }

    /** The value of {@value #MICRONAUT_PROPERTY}; empty when no file is added. */
    Optional<String> micronautProperty() {
        return files.isEmpty() ? Optional.empty() : Optional.of(String.join(",", files.stream().map(Path::toString).toList()));
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList();
    }
}

package io.billinggateway.tck;

import io.billinggateway.spi.Capability;
import io.billinggateway.spi.SpiVersion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a machine-readable report of a conformance run: every kit test's outcome, the capabilities it
 * {@linkplain Exercises exercises}, the provider, its SPI version and the seed, and per capability whether the
 * provider passed. Registered on the kit's base classes, so every subclass reports without further setup.
 *
 * <p>The report goes to {@code target/conformance-report.json} (relative to the working directory, which is the
 * module directory under Maven); the JUnit configuration parameter or system property {@code billing.tck.report}
 * names another file, or {@code none} to write nothing. It is rewritten after each test class, so it always holds
 * every class of the run so far. The format is described in the kit's README.
 */
public final class ConformanceReportExtension implements BeforeTestExecutionCallback, AfterTestExecutionCallback, TestWatcher, AfterAllCallback {
    /** The configuration parameter (or system property) naming the report file, or {@code none}. */
    public static final String REPORT_PARAMETER = "billing.tck.report";
    /** Where the report goes by default. */
    public static final String DEFAULT_REPORT = "target/conformance-report.json";
    /** The value of {@code format} in the report; changes when the format changes incompatibly. */
    public static final String FORMAT = "billing-gateway-conformance-report/1";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ConformanceReportExtension.class);
    private static final int LONGEST_MESSAGE = 2000;

    /**
     * What a report says about the plugin under test of one test; every field may be null when the test failed
     * before it was known.
     */
    record Subject(String kind, String providerId, String pluginSpiVersion, String network, String chainId, Set<Capability> declaredCapabilities,
                   String pluginPath, Long runSeed, Long seed) {
        static Subject provider(String providerId, String pluginSpiVersion, long runSeed, long seed) {
            return new Subject("provider", providerId, pluginSpiVersion, null, null, null, null, runSeed, seed);
        }

        static Subject plugin(String pluginPath) {
            return new Subject("plugin-loader", null, null, null, null, null, pluginPath, null, null);
        }

        Subject withNetwork(String network, String chainId) {
            return new Subject(kind, providerId, pluginSpiVersion, network, chainId, declaredCapabilities, pluginPath, runSeed, seed);
        }

        Subject withCapabilities(Set<Capability> capabilities) {
            return new Subject(kind, providerId, pluginSpiVersion, network, chainId, Set.copyOf(capabilities), pluginPath, runSeed, seed);
        }

        Subject withProvider(String providerId, String pluginSpiVersion) {
            return new Subject(kind, providerId, pluginSpiVersion, network, chainId, declaredCapabilities, pluginPath, runSeed, seed);
        }
    }

    private record TestResult(String name, String outcome, List<Capability> exercises, Long seed, long durationMillis, String message) {
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        context.getStore(NAMESPACE).put("started", System.nanoTime());
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Long started = context.getStore(NAMESPACE).get("started", Long.class);
        if (started != null) {
            context.getStore(NAMESPACE).put("elapsed", (System.nanoTime() - started) / 1_000_000);
        }
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        record(context, "passed", null);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        record(context, "failed", cause);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        record(context, "skipped", cause);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        record(context, "disabled", null);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        reportFile(context).ifPresent(file -> run(context).write(file));
    }

    private void record(ExtensionContext context, String outcome, Throwable cause) {
        if (reportFile(context).isEmpty()) {
            return;
        }
        Method method = context.getRequiredTestMethod();
        List<Capability> exercises = Optional.ofNullable(method.getAnnotation(Exercises.class)).map(annotation -> List.of(annotation.value())).orElse(List.of());
        Subject subject = context.getTestInstance().map(ConformanceReportExtension::subjectOf).orElse(null);
        Long elapsed = context.getStore(NAMESPACE).get("elapsed", Long.class);
        String message = cause == null ? null : shorten(String.valueOf(cause.getMessage()));
        TestResult result = new TestResult(method.getName(), outcome, exercises, subject == null ? null : subject.seed(), elapsed == null ? 0 : elapsed, message);
        run(context).record(context.getRequiredTestClass().getName(), subject, result);
    }

    private static Subject subjectOf(Object instance) {
        if (instance instanceof BaseBillingProviderConformanceTest test) {
            return test.reportSubject();
        }
        if (instance instanceof BasePluginLoaderConformanceTest test) {
            return test.reportSubject();
        }
        return null;
    }

    private static Optional<Path> reportFile(ExtensionContext context) {
        String configured = context.getConfigurationParameter(REPORT_PARAMETER).orElse(DEFAULT_REPORT).strip();
        if (configured.isEmpty() || configured.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(configured));
    }

    private static RunReport run(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RunReport.class, type -> new RunReport(), RunReport.class);
    }

    private static String shorten(String message) {
        return message.length() <= LONGEST_MESSAGE ? message : message.substring(0, LONGEST_MESSAGE) + "...";
    }

    /** The results of one engine run (one Maven test run), by test class. */
    private static final class RunReport {
        private final Instant started = Instant.now();
        private final Map<String, Subject> subjects = new LinkedHashMap<>();
        private final Map<String, List<TestResult>> results = new LinkedHashMap<>();

        synchronized void record(String testClass, Subject subject, TestResult result) {
            results.computeIfAbsent(testClass, key -> new ArrayList<>()).add(result);
            if (subject != null) {
                subjects.merge(testClass, subject, RunReport::richer);
            }
        }

        synchronized void write(Path file) {
            String json = toJson();
            try {
                Path parent = file.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Path temporary = Files.createTempFile(parent, "conformance-report", ".tmp");
                Files.writeString(temporary, json, StandardCharsets.UTF_8);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (IOException e) {
                throw new UncheckedIOException("the conformance kit cannot write its report to " + file.toAbsolutePath(), e);
            }
        }

        /** The subject that knows more: a test that failed early knows less than one that created its provider. */
        private static Subject richer(Subject known, Subject other) {
            return other.declaredCapabilities() != null || known.declaredCapabilities() == null && other.network() != null ? other : known;
        }

        private String toJson() {
            Json json = new Json();
            json.beginObject();
            json.field("format", FORMAT);
            json.field("kitSpiVersion", SpiVersion.CURRENT);
            json.field("started", started.toString());
            json.field("written", Instant.now().toString());
            Long runSeed = subjects.values().stream().map(Subject::runSeed).filter(seed -> seed != null).findFirst().orElse(null);
            json.field("runSeed", runSeed);
            json.field("repeatWith", runSeed == null ? null : "-Dbilling.tck.seed=" + runSeed);
            json.name("suites").beginArray();
            results.forEach((testClass, tests) -> suite(json, testClass, subjects.get(testClass), tests));
            json.endArray();
            json.endObject();
            return json.toString();
        }

        private static void suite(Json json, String testClass, Subject subject, List<TestResult> tests) {
            json.beginObject();
            json.field("testClass", testClass);
            json.field("kind", subject == null ? null : subject.kind());
            json.field("providerId", subject == null ? null : subject.providerId());
            json.field("pluginSpiVersion", subject == null ? null : subject.pluginSpiVersion());
            json.field("network", subject == null ? null : subject.network());
            json.field("chainId", subject == null ? null : subject.chainId());
            json.field("pluginPath", subject == null ? null : subject.pluginPath());
            json.name("declaredCapabilities");
            if (subject == null || subject.declaredCapabilities() == null) {
                json.value(null);
            }
            else {
                json.strings(new TreeSet<>(subject.declaredCapabilities()).stream().map(Enum::name).toList());
            }
            json.name("summary").beginObject();
            for (String outcome : List.of("passed", "failed", "skipped", "disabled")) {
                json.field(outcome, tests.stream().filter(test -> test.outcome().equals(outcome)).count());
            }
            json.endObject();
            json.field("verdict", tests.stream().anyMatch(test -> test.outcome().equals("failed")) ? "failed" : "passed");

            json.name("capabilities").beginObject();
            Set<Capability> exercised = EnumSet.noneOf(Capability.class);
            tests.forEach(test -> exercised.addAll(test.exercises()));
            for (Capability capability : exercised) {
                List<TestResult> covering = tests.stream().filter(test -> test.exercises().contains(capability)).toList();
                json.name(capability.name()).beginObject();
                json.field("declared", subject == null || subject.declaredCapabilities() == null ? null : subject.declaredCapabilities().contains(capability));
                json.field("verdict", verdict(covering));
                outcomes(json, covering);
                json.endObject();
            }
            json.endObject();

            json.name("contracts").beginObject();
            List<TestResult> general = tests.stream().filter(test -> test.exercises().isEmpty()).toList();
            json.field("verdict", verdict(general));
            outcomes(json, general);
            json.endObject();

            json.name("tests").beginArray();
            for (TestResult test : tests) {
                json.beginObject();
                json.field("name", test.name());
                json.field("outcome", test.outcome());
                json.strings("exercises", test.exercises().stream().map(Enum::name).toList());
                json.field("seed", test.seed());
                json.field("durationMillis", test.durationMillis());
                json.field("message", test.message());
                json.endObject();
            }
            json.endArray();
            json.endObject();
        }

        /** {@code failed} if any test failed, {@code passed} if at least one passed, else {@code not-exercised}. */
        private static String verdict(List<TestResult> tests) {
            if (tests.stream().anyMatch(test -> test.outcome().equals("failed"))) {
                return "failed";
            }
            return tests.stream().anyMatch(test -> test.outcome().equals("passed")) ? "passed" : "not-exercised";
        }

        private static void outcomes(Json json, List<TestResult> tests) {
            for (String outcome : List.of("passed", "failed", "skipped")) {
                json.strings(outcome, tests.stream().filter(test -> test.outcome().equals(outcome)).map(TestResult::name).toList());
            }
        }
    }

    /** Just enough of a JSON writer for the report; the kit has no dependency to spare. */
    private static final class Json {
        private final StringBuilder out = new StringBuilder();
        private boolean first = true;
        /** A name was just written, so the next value follows it without a separator. */
        private boolean pendingValue;
        private int depth;

        Json beginObject() {
            separate();
            out.append('{');
            depth++;
            first = true;
            return this;
        }

        Json endObject() {
            depth--;
            newline();
            out.append('}');
            first = false;
            return this;
        }

        Json beginArray() {
            separate();
            out.append('[');
            depth++;
            first = true;
            return this;
        }

        Json endArray() {
            depth--;
            newline();
            out.append(']');
            first = false;
            return this;
        }

        Json name(String name) {
            separate();
            string(name);
            out.append(": ");
            first = true;
            pendingValue = true;
            return this;
        }

        void field(String name, Object value) {
            name(name).value(value);
        }

        void strings(String name, List<String> values) {
            name(name).strings(values);
        }

        void strings(List<String> values) {
            separate();
            out.append('[');
            for (int index = 0; index < values.size(); index++) {
                if (index > 0) {
                    out.append(", ");
                }
                string(values.get(index));
            }
            out.append(']');
            first = false;
        }

        void value(Object value) {
            separate();
            switch (value) {
                case null -> out.append("null");
                case Number number -> out.append(number);
                case Boolean bool -> out.append(bool);
                default -> string(value.toString());
            }
            first = false;
        }

        private void separate() {
            if (pendingValue) {
                pendingValue = false;
                return;
            }
            if (!first) {
                out.append(',');
            }
            if (depth > 0) {
                newline();
            }
            first = false;
        }

        private void newline() {
            out.append('\n').append("  ".repeat(Math.max(depth, 0)));
        }

        private void string(String value) {
            out.append('"');
            for (int index = 0; index < value.length(); index++) {
                char character = value.charAt(index);
                switch (character) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (character < 0x20) {
                            out.append(String.format("\\u%04x", (int) character));
                        }
                        else {
                            out.append(character);
                        }
                    }
                }
            }
            out.append('"');
        }

        @Override
        public String toString() {
            return out + "\n";
        }
    }
}

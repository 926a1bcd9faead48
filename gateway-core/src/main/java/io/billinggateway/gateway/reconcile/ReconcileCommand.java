package io.billinggateway.gateway.reconcile;

import io.billinggateway.gateway.billing.Cause;
import io.billinggateway.spi.BillingException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code gateway billing-reconcile --network NAME [--since ISO] [--fix] [--json]}: compares the network's provider
 * record with the ledger and subscriptions and prints the differences, as a table or ({@code --json}) a JSON document.
 * Exit codes: 0 no difference remains, 3 differences remain (without {@code --fix}: any difference), 2 bad arguments or
 * a network that does not exist or cannot be reconciled, 1 the database or the provider failed.
 */
public final class ReconcileCommand {
    public static final String NAME = "billing-reconcile";
    public static final int DIFFERENCES_EXIT_CODE = 3;
    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    static final String USAGE = "usage: gateway billing-reconcile --network <name> [--since <ISO-8601 instant or date>] [--fix] [--json]";

    private ReconcileCommand() {
    }

    /**
     * Parsed arguments.
     *
     * @param since null for {@link #DEFAULT_WINDOW} before now
     */
    public record Arguments(String network, Instant since, boolean fix, boolean json) {
    }

    /** Parses the arguments; a problem is one line on {@code err} and an empty result. */
    public static Optional<Arguments> parse(List<String> arguments, PrintStream err) {
        String network = null;
        Instant since = null;
        boolean fix = false;
        boolean json = false;
        for (int index = 0; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            switch (argument) {
                case "--fix" -> fix = true;
                case "--json" -> json = true;
                case "--network", "--since" -> {
                    if (index + 1 >= arguments.size()) {
                        err.println("gateway billing-reconcile: " + argument + " needs a value; " + USAGE);
                        return Optional.empty();
                    }
                    String value = arguments.get(++index);
                    if (argument.equals("--network")) {
                        if (value.isBlank()) {
                            err.println("gateway billing-reconcile: --network needs a network name; " + USAGE);
                            return Optional.empty();
                        }
                        network = value;
                    }
                    else {
                        Optional<Instant> parsed = since(value);
                        if (parsed.isEmpty()) {
                            err.println("gateway billing-reconcile: --since must be an ISO-8601 instant (2026-11-01T00:00:00Z) or date (2026-11-01), got '"
                                    + value + "'");
                            return Optional.empty();
                        }
                        since = parsed.get();
                    }
                }
                default -> {
                    err.println("gateway billing-reconcile: unknown option " + argument + "; " + USAGE);
                    return Optional.empty();
                }
            }
        }
        if (network == null) {
            err.println("gateway billing-reconcile: --network is required; " + USAGE);
            return Optional.empty();
        }
        return Optional.of(new Arguments(network, since, fix, json));
    }

    /** An ISO-8601 instant, or a date meaning its start in UTC. */
    public static Optional<Instant> since(String value) {
        try {
            return Optional.of(Instant.parse(value));
        }
        catch (DateTimeParseException e) {
            try {
                return Optional.of(java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
            }
            catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** Reconciles in a started context; returns the exit status. */
    public static int run(Arguments arguments, Supplier<ApplicationContext> contexts, PrintStream out, PrintStream err) {
        ApplicationContext started = contexts.get();
        try (ApplicationContext context = started) {
            Instant since = arguments.since() != null ? arguments.since() : context.getBean(Clock.class).instant().minus(DEFAULT_WINDOW);
            ReconcileReport report;
            try {
                report = context.getBean(Reconciler.class).reconcile(arguments.network(), since, arguments.fix(), Cause.SYSTEM);
            }
            catch (BillingException e) {
                err.println("gateway billing-reconcile: " + e.getMessage());
                return switch (e.code()) {
                    case NOT_FOUND, UNSUPPORTED, INVALID_REQUEST -> 2;
                    default -> 1;
                };
            }
            out.print(arguments.json() ? context.getBean(JsonMapper.class).writeValueAsString(report) + System.lineSeparator() : ReportTable.render(report));
            out.flush();
            return report.remaining() == 0 ? 0 : DIFFERENCES_EXIT_CODE;
        }
        catch (IOException e) {
            err.println("gateway billing-reconcile: cannot write the report: " + e.getMessage());
            return 1;
        }
        catch (RuntimeException e) {
            err.println("gateway billing-reconcile: failed: " + e);
            return 1;
        }
    }
}

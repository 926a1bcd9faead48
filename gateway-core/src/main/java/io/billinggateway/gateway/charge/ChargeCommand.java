package io.billinggateway.gateway.charge;

import io.billinggateway.router.ProviderRouter;
import io.billinggateway.spi.BillingException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code gateway billing-charge --network <name> [--once] [--dry-run] [--limit N]} (seeds E1-E2): runs one
 * network's charge lane in the foreground, without the HTTP server, printing one JSON line per round.
 * Without {@code --once} it repeats every {@code charge-interval} until stopped.
 */
public final class ChargeCommand {
    public static final String NAME = "billing-charge";
    static final String USAGE = "usage: gateway billing-charge --network <name> [--once] [--dry-run] [--limit N]";

    private ChargeCommand() {
    }

    /** Parsed arguments. */
    public record Arguments(String network, boolean once, boolean dryRun, int limit) {
    }

    /** Parses the arguments; a problem is one line on {@code err} and an empty result. */
    public static Optional<Arguments> parse(List<String> arguments, PrintStream err) {
        String network = null;
        boolean once = false;
        boolean dryRun = false;
        int limit = 10_000;
        for (int index = 0; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            switch (argument) {
                case "--once" -> once = true;
                case "--dry-run" -> dryRun = true;
                case "--network", "--limit" -> {
                    if (index + 1 >= arguments.size()) {
                        err.println("gateway billing-charge: " + argument + " needs a value; " + USAGE);
                        return Optional.empty();
                    }
                    String value = arguments.get(++index);
                    if (argument.equals("--network")) {
                        network = value;
                    }
                    else {
                        try {
                            limit = Integer.parseInt(value);
                        }
                        catch (NumberFormatException e) {
                            limit = 0; // reported below
                        }
                        if (limit < 1) {
                            err.println("gateway billing-charge: --limit must be a positive number, got '" + value + "'");
                            return Optional.empty();
                        }
                    }
                }
                default -> {
                    err.println("gateway billing-charge: unknown option " + argument + "; " + USAGE);
                    return Optional.empty();
                }
            }
        }
        if (network == null) {
            err.println("gateway billing-charge: --network is required; " + USAGE);
            return Optional.empty();
        }
        return Optional.of(new Arguments(network, once, dryRun, limit));
    }

    /** Runs the lane in a started context; returns the exit status. */
    public static int run(Arguments arguments, Supplier<ApplicationContext> contexts, PrintStream out, PrintStream err) {
        try (ApplicationContext context = contexts.get()) {
            ChargeWorker worker = context.getBean(ChargeWorker.class);
            JsonMapper json = context.getBean(JsonMapper.class);
            Duration interval;
            try {
                interval = LaneSettings.of(context.getBean(ProviderRouter.class).resolve(arguments.network())).interval();
            }
            catch (BillingException e) {
                err.println("gateway billing-charge: " + e.getMessage());
                return 2;
            }
            while (true) {
                ChargeRun run;
                try {
                    run = worker.run(arguments.network(), arguments.dryRun(), arguments.limit());
                }
                catch (RuntimeException e) {
                    // The database or the provider failed the round; claims taken stay until their lease expires.
                    err.println("gateway billing-charge: round failed: " + e);
                    if (arguments.once()) {
                        return 1;
                    }
                    Thread.sleep(interval.toMillis());
                    continue;
                }
                out.println(json.writeValueAsString(run));
                out.flush();
                if (arguments.once()) {
                    return 0;
                }
                Thread.sleep(interval.toMillis());
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        catch (IOException e) {
            err.println("gateway billing-charge: cannot write the result: " + e.getMessage());
            return 1;
        }
    }
}

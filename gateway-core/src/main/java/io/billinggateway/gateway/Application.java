package io.billinggateway.gateway;

import io.billinggateway.router.RouterConfigurationException;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;

import java.io.PrintStream;
import java.util.Optional;

/**
 * Starts the gateway. A configuration problem (an unknown network, a missing key, a broken plugin) is
 * printed as one line per problem on standard error, and the process exits with status
 * {@value #CONFIGURATION_ERROR_EXIT_CODE}.
 */
public final class Application extends Micronaut {
    /** EX_CONFIG of sysexits.h: the configuration is wrong. */
    public static final int CONFIGURATION_ERROR_EXIT_CODE = 78;

    private Application() {
    }

    public static void main(String[] args) {
        ((Micronaut) new Application().args(args).mainClass(Application.class).banner(false)
                // The router reads BILLING_NETWORKS* itself, with exact key names; Micronaut's fuzzy mapping of
                // environment variables to properties would invent keys such as billing.networks.bsc.rpc.urls.
                .environmentVariableExcludes(billingNetworkVariables()))
                .start();
    }

    private static String[] billingNetworkVariables() {
        return System.getenv().keySet().stream().filter(name -> name.startsWith("BILLING_NETWORKS")).toArray(String[]::new);
    }

    @Override
    protected void handleStartupException(Environment environment, Throwable exception) {
        Optional<RouterConfigurationException> configuration = configurationProblem(exception);
        if (configuration.isEmpty()) {
            super.handleStartupException(environment, exception);
            return;
        }
        printProblems(configuration.get(), System.err);
        if (!environment.getActiveNames().contains(Environment.TEST)) {
            System.exit(CONFIGURATION_ERROR_EXIT_CODE);
        }
        throw configuration.get();
    }

    static void printProblems(RouterConfigurationException exception, PrintStream out) {
        out.println("billing-gateway cannot start; fix the configuration (" + exception.problems().size() + " problem"
                + (exception.problems().size() == 1 ? "" : "s") + "):");
        exception.problems().forEach(problem -> out.println("  - " + problem));
    }

    static Optional<RouterConfigurationException> configurationProblem(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof RouterConfigurationException configuration) {
                return Optional.of(configuration);
            }
        }
        return Optional.empty();
    }
}

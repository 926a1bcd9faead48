package io.billinggateway.gateway;

import io.billinggateway.router.RouterConfigurationException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.slf4j.bridge.SLF4JBridgeHandler;

import io.billinggateway.gateway.charge.ChargeCommand;
import io.billinggateway.gateway.reconcile.ReconcileCommand;
import io.billinggateway.gateway.sandbox.EndToEndCommand;
import io.billinggateway.gateway.sandbox.SandboxCommand;
import io.billinggateway.gateway.security.JwtSecret;
import io.billinggateway.gateway.security.TokenCommand;

import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the gateway, with the configuration files named by {@code --config FILE} or {@code BILLING_CONFIG_FILES} over
 * the embedded defaults (see {@link ConfigurationFiles}). A configuration problem (an unknown network, a missing key, a broken plugin) is
 * printed as one line per problem on standard error, and the process exits with status
 * {@value #CONFIGURATION_ERROR_EXIT_CODE}.
 */
@OpenAPIDefinition(info = @Info(
        title = "Billing Gateway",
        version = "0.1",
        description = "A pluggable multi-provider billing gateway: plan catalog with supportedChains, idempotent checkout, webhooks, "
                + "subscriptions. Errors are RFC 9457 problem documents (application/problem+json)."))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public final class Application extends Micronaut {
    /** EX_CONFIG of sysexits.h: the configuration is wrong. */
    public static final int CONFIGURATION_ERROR_EXIT_CODE = 78;

    /** H2's {@code DATABASE_ALREADY_OPEN_1}: the database file is locked by another process. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    private Application() {
    }

    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        Path dataDirectory = Path.of(environment.getOrDefault("BILLING_DATA_DIR", "data"));
        if (args.length > 0 && args[0].equals(EndToEndCommand.NAME)) {
            System.exit(EndToEndCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals(SandboxCommand.NAME)) {
            System.exit(SandboxCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(TokenCommand.run(List.of(args).subList(1, args.length), environment, dataDirectory, System.out, System.err));
        }
        // Providers log through java.util.logging: send it through logback, whose output masks URL credentials.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        String[] arguments;
        try {
            ConfigurationFiles files = ConfigurationFiles.parse(List.of(args), environment);
            files.micronautProperty().ifPresent(names -> System.setProperty(ConfigurationFiles.MICRONAUT_PROPERTY, names));
            arguments = files.remainingArguments().toArray(String[]::new);
        }
        catch (RouterConfigurationException e) {
            printProblems(e, System.err);
            System.exit(CONFIGURATION_ERROR_EXIT_CODE);
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        try {
            properties.put("billing.jwt-secret", JwtSecret.resolve(environment, dataDirectory).orElseGet(Application::unusableSecret));
        }
        catch (IllegalStateException e) {
            System.err.println("billing-gateway cannot start: " + e.getMessage());
            System.exit(CONFIGURATION_ERROR_EXIT_CODE);
        }
        // Unset: every interface, since PSPs' webhooks and clients on other machines or containers must reach the gateway.
        Optional.ofNullable(environment.get("BILLING_HOST")).map(String::strip).filter(host -> !host.isEmpty())
                .ifPresent(host -> properties.put("micronaut.server.host", host));
        if (!environment.containsKey("BILLING_DATABASE_URL")) {
            properties.put("datasources.default.url", embeddedDatabaseUrl(dataDirectory));
        }
        Optional.ofNullable(environment.get(JwtSecret.JWKS_VARIABLE))
                .ifPresent(url -> properties.put("micronaut.security.token.jwt.signatures.jwks.identity-provider.url", url));
        if (arguments.length > 0 && arguments[0].equals(ChargeCommand.NAME)) {
            System.exit(charge(List.of(arguments).subList(1, arguments.length), properties));
        }
        if (arguments.length > 0 && arguments[0].equals(ReconcileCommand.NAME)) {
            System.exit(reconcile(List.of(arguments).subList(1, arguments.length), properties));
        }
        ((Micronaut) new Application().args(arguments).mainClass(Application.class).banner(false).properties(properties)
                // The router reads BILLING_NETWORKS* itself, with exact key names; Micronaut's fuzzy mapping of
                // environment variables to properties would invent keys such as billing.networks.bsc.rpc.urls.
                .environmentVariableExcludes(billingNetworkVariables()))
                .start();
    }

    /** The embedded default: an H2 file database in the data directory, in PostgreSQL mode so the same SQL runs on both. */
    static String embeddedDatabaseUrl(Path dataDirectory) {
        return "jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("gateway")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000";
    }

    /** The {@code billing-charge} command: the worker of one network without the HTTP server or the other lanes. */
    private static int charge(List<String> arguments, Map<String, Object> properties) {
        return ChargeCommand.parse(arguments, System.err)
                .map(parsed -> inCommandContext(properties, contexts -> ChargeCommand.run(parsed, contexts, System.out, System.err)))
                .orElse(2);
    }

    /** The {@code billing-reconcile} command: one network's reconciliation without the HTTP server or the workers. */
    private static int reconcile(List<String> arguments, Map<String, Object> properties) {
        return ReconcileCommand.parse(arguments, System.err)
                .map(parsed -> inCommandContext(properties, contexts -> ReconcileCommand.run(parsed, contexts, System.out, System.err)))
                .orElse(2);
    }

    /**
     * Runs a one-network command in a context of its own that serves no HTTP and runs no charge lanes or event poller;
     * a configuration problem is printed and exits {@value #CONFIGURATION_ERROR_EXIT_CODE}.
     */
    private static int inCommandContext(Map<String, Object> properties, java.util.function.ToIntFunction<java.util.function.Supplier<ApplicationContext>> command) {
        Map<String, Object> commandProperties = new HashMap<>(properties);
        commandProperties.put("billing.charge.enabled", false);
        commandProperties.put("billing.http.serving", false);
        commandProperties.put("billing.event-polling.enabled", false);
        try {
            return command.applyAsInt(() -> ApplicationContext.builder().mainClass(Application.class).properties(commandProperties)
                    .environmentVariableExcludes(billingNetworkVariables()).start());
        }
        catch (RuntimeException e) {
            Optional<RouterConfigurationException> configuration = configurationProblem(e);
            if (configuration.isPresent()) {
                printProblems(configuration.get(), System.err);
                return CONFIGURATION_ERROR_EXIT_CODE;
            }
            throw e;
        }
    }

    /** With a JWKS URL only, the HS256 validator still needs a key: one nobody knows signs nothing. */
    private static String unusableSecret() {
        byte[] random = new byte[48];
        new java.security.SecureRandom().nextBytes(random);
        return java.util.Base64.getEncoder().encodeToString(random);
    }

    private static String[] billingNetworkVariables() {
        return System.getenv().keySet().stream().filter(name -> name.startsWith("BILLING_NETWORKS")).toArray(String[]::new);
    }

    @Override
    protected void handleStartupException(Environment environment, Throwable exception) {
        Optional<RouterConfigurationException> configuration = configurationProblem(exception)
                .or(() -> portInUse(exception, configuredPort(environment)));
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

    /**
     * The port the server tried: by the time a bind failure is handled the context is stopped and its environment may
     * answer nothing, so {@code BILLING_PORT} (what application.yml maps to {@code micronaut.server.port}) is read too.
     */
    private static Optional<Integer> configuredPort(Environment environment) {
        return environment.getProperty("micronaut.server.port", Integer.class)
                .or(() -> Optional.ofNullable(System.getenv("BILLING_PORT")).map(String::strip).filter(port -> port.matches("[0-9]{1,5}")).map(Integer::valueOf));
    }

    /**
     * A server that cannot bind its port, as one configuration problem naming the port and the setting that changes it:
     * another process (often a gateway started earlier) listens there.
     */
    static Optional<RouterConfigurationException> portInUse(Throwable exception, Optional<Integer> port) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                String which = port.map(number -> "port " + number).orElse("the configured port");
                return Optional.of(new RouterConfigurationException(List.of(which + " (micronaut.server.port, BILLING_PORT) is in use by"
                        + " another process (" + cause.getMessage() + "); stop that process, or set BILLING_PORT to a free port"
                        + " (0 lets the system choose one)")));
            }
        }
        return Optional.empty();
    }

    /**
     * The startup failure as configuration problems, one line each: the router's, or an embedded database that another
     * gateway process holds (H2 locks its file; several processes need a shared database such as PostgreSQL).
     */
    static Optional<RouterConfigurationException> configurationProblem(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof RouterConfigurationException configuration) {
                return Optional.of(configuration);
            }
            if (cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                Matcher file = QUOTED.matcher(String.valueOf(sql.getMessage()));
                String database = file.find() ? file.group(1) : "the embedded database";
                return Optional.of(new RouterConfigurationException(List.of("the embedded database " + database
                        + " is in use by another gateway process; stop that process, give this one another BILLING_DATA_DIR,"
                        + " or set BILLING_DATABASE_URL to a PostgreSQL database, which several processes can share")));
            }
        }
        return Optional.empty();
    }
}

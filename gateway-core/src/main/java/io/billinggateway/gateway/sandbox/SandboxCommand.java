package io.billinggateway.gateway.sandbox;

import io.billinggateway.gateway.security.TokenCommand;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code gateway sandbox [--reset] [--home DIR] [--port N]}: every network live on one machine in one command. Starts
 * three Anvil chains (ethereum 1, bsc 56, polygon 137) mining a block a second, deploys the billing suite to each with
 * the operators' deploy command (or finds an earlier run's deployment in the kept chain state), writes one gateway
 * configuration, starts the gateway with the embedded mock PSP, seeds demo plans through the API and prints a welcome:
 * URLs, a token per role, the test wallet and copy-paste purchase commands. Every process it starts is its child and is
 * stopped with it (Ctrl-C, SIGTERM, a failed step). A failure is one line on standard error.
 */
public final class SandboxCommand {
    public static final String NAME = "sandbox";
    /** The line a script or test waits for. */
    public static final String READY = "sandbox ready";
    /** EX_UNAVAILABLE of sysexits.h: Node.js or npm is missing. */
    static final int MISSING_TOOL_EXIT_CODE = 69;
    private static final int STEPS = 7;
    private static final Map<String, Long> CHAINS = chains();
    private static final BigInteger WALLET_FUNDS = BigInteger.TEN.pow(22);

    private final SandboxOptions options;
    private final SandboxHome home;
    private final Toolchain toolchain;
    private final PrintStream out;
    private final ChildProcesses children = new ChildProcesses();

    private SandboxCommand(SandboxOptions options, Toolchain toolchain, PrintStream out) {
        this.options = options;
        this.home = new SandboxHome(options.home());
        this.toolchain = toolchain;
        this.out = out;
    }

    /** Runs the sandbox until it is stopped; returns the exit status. */
    public static int run(List<String> arguments, PrintStream out, PrintStream err) {
        Toolchain toolchain = new Toolchain(Toolchain.findRoot());
        StringBuilder problem = new StringBuilder();
        Optional<SandboxOptions> options = SandboxOptions.parse(arguments, toolchain.root().resolve("sandbox"), problem);
        if (options.isEmpty()) {
            err.println("gateway sandbox: " + problem);
            return 2;
        }
        SandboxCommand sandbox = new SandboxCommand(options.get(), toolchain, out);
        Thread stopper = new Thread(sandbox.children::stopAll, "sandbox-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            GatewayChild gateway = sandbox.start();
            int status = gateway.process().waitFor();
            if (sandbox.children.stopping()) {
                return 0;
            }
            err.println("gateway sandbox: the gateway exited with status " + status + "; see " + sandbox.home.log("gateway"));
            return 1;
        }
        catch (SandboxException e) {
            err.println("gateway sandbox: " + e.getMessage());
            return e.getMessage().equals(Toolchain.MISSING_NODE) ? MISSING_TOOL_EXIT_CODE : 1;
        }
        catch (IOException e) {
            err.println("gateway sandbox: " + e.getMessage());
            return 1;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        finally {
            sandbox.children.stopAll();
        }
    }

    private GatewayChild start() throws SandboxException, IOException {
        Steps steps = new Steps(out, STEPS);
        if (options.reset()) {
            home.reset();
        }
        home.create();
        steps.run("checking Node.js and npm", toolchain::checkNode, version -> "Node.js " + version);
        steps.run("installing Anvil and the buyer script's packages from npm", toolchain::install, note -> note);
        Map<AnvilChain, ChainDeployment> deployments = new LinkedHashMap<>();
        List<AnvilChain> chains = steps.run("starting chains ethereum (1), bsc (56), polygon (137), a block a second", this::startChains,
                started -> started.getFirst().stateLoaded() ? "state of the last run loaded" : "new chains");
        DevelopmentKeys keys = new DevelopmentKeys(chains.getFirst().developmentKeys());
        keys.writeFiles(home);
        deployments.putAll(steps.run("deploying the billing suite to ethereum, bsc and polygon", () -> deployAll(chains, keys),
                SandboxCommand::describe));
        if (deployments.values().stream().anyMatch(deployment -> !deployment.reused())) {
            // The gateway's plans are registered on the contracts of the last run's chains.
            home.forgetGatewayData();
        }
        steps.run("writing " + home.configuration().getFileName() + " and funding the test wallet", () -> {
            SandboxConfiguration.write(home, deployments);
            for (AnvilChain chain : chains) {
                chain.fund(keys.address(DevelopmentKeys.WALLET), WALLET_FUNDS);
            }
            return null;
        });
        GatewayChild gateway = steps.run("starting the gateway with " + String.join(",", SandboxConfiguration.NETWORKS),
                () -> GatewayChild.start(home, options.port(), children), started -> started.url());
        Map<String, String> tokens = tokens();
        steps.run("seeding demo plans through the API", () -> DemoCatalog.seed(gateway.url(), tokens.get("billing_admin")),
                created -> created == 0 ? "already there" : created + " created");
        SandboxSummary summary = new SandboxSummary(gateway.url(), gateway.mockPspUrl().orElse("(see " + home.log("gateway") + ")"),
                tokens, keys.address(DevelopmentKeys.WALLET), keys.key(DevelopmentKeys.WALLET), chains);
        Files.writeString(home.summary(), summary.json());
        summary.printWelcome(out, toolchain.buyerDirectory().resolve("buy.mjs"), home, steps.elapsed());
        return gateway;
    }

    /** Deploys (or finds) the suite on every chain at once: each deployment waits for its own chain's blocks. */
    private Map<AnvilChain, ChainDeployment> deployAll(List<AnvilChain> chains, DevelopmentKeys keys) throws Exception {
        Map<AnvilChain, CompletableFuture<ChainDeployment>> running = new LinkedHashMap<>();
        for (AnvilChain chain : chains) {
            running.put(chain, CompletableFuture.supplyAsync(() -> {
                try {
                    return ChainDeployment.deployOrReuse(chain, home, keys);
                }
                catch (IOException | SandboxException e) {
                    throw new CompletionException(e);
                }
            }));
        }
        Map<AnvilChain, ChainDeployment> deployments = new LinkedHashMap<>();
        for (Map.Entry<AnvilChain, CompletableFuture<ChainDeployment>> deployment : running.entrySet()) {
            try {
                deployments.put(deployment.getKey(), deployment.getValue().join());
            }
            catch (CompletionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        return deployments;
    }

    private static String describe(Map<AnvilChain, ChainDeployment> deployments) {
        long reused = deployments.values().stream().filter(ChainDeployment::reused).count();
        return reused == deployments.size() ? "reused the last run's" : reused == 0 ? "deployed" : "deployed " + (deployments.size() - reused) + ", reused " + reused;
    }

    private List<AnvilChain> startChains() throws IOException, SandboxException {
        Path anvil = toolchain.anvil();
        List<AnvilChain> chains = new ArrayList<>();
        for (Map.Entry<String, Long> chain : CHAINS.entrySet()) {
            chains.add(AnvilChain.start(anvil, chain.getKey(), chain.getValue(), home, children));
        }
        return chains;
    }

    /** A token per role (and one for a plain user), valid 30 days, signed with the secret of the sandbox's data directory. */
    private Map<String, String> tokens() throws SandboxException {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String role : List.of("support", "finance_ops", "billing_admin", "user")) {
            List<String> arguments = role.equals("user") ? List.of("--sub", "sandbox-user", "--ttl", "P30D")
                    : List.of("--sub", "sandbox-" + role.replace('_', '-'), "--roles", role, "--ttl", "P30D");
            ByteArrayOutputStream token = new ByteArrayOutputStream();
            ByteArrayOutputStream problem = new ByteArrayOutputStream();
            if (TokenCommand.run(arguments, Map.of(), home.data(), new PrintStream(token, true, StandardCharsets.UTF_8),
                    new PrintStream(problem, true, StandardCharsets.UTF_8)) != 0) {
                throw new SandboxException("cannot mint the " + role + " token: " + problem.toString(StandardCharsets.UTF_8).strip());
            }
            tokens.put(role, token.toString(StandardCharsets.UTF_8).strip());
        }
        return tokens;
    }

    private static Map<String, Long> chains() {
        Map<String, Long> chains = new LinkedHashMap<>();
        chains.put("ethereum", 1L);
        chains.put("bsc", 56L);
        chains.put("polygon", 137L);
        return chains;
    }
}

package io.billinggateway.gateway.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The sandbox's directory ({@code ./sandbox} of the checkout by default): the chains' states, the deploy command's
 * network files, development key files, the one generated gateway configuration, the gateway's H2 database, logs, and
 * {@code sandbox.json} for the buyer script. Kept between runs so a second run starts in seconds; {@code --reset}
 * deletes it.
 */
record SandboxHome(Path root) {
    Path anvilState(String network) {
        return root.resolve("chains").resolve(network + ".state.json");
    }

    Path networkFile(String network) {
        return root.resolve("networks").resolve(network + ".yml");
    }

    Path keyFile(String role) {
        return root.resolve("keys").resolve(role + ".key");
    }

    Path configuration() {
        return root.resolve("gateway.yml");
    }

    Path data() {
        return root.resolve("data");
    }

    Path portFile() {
        return root.resolve("gateway.port");
    }

    Path summary() {
        return root.resolve("sandbox.json");
    }

    Path log(String name) {
        return root.resolve("logs").resolve(name + ".log");
    }

    void create() throws IOException {
        for (String directory : new String[] {"chains", "networks", "keys", "logs", "data"}) {
            Files.createDirectories(root.resolve(directory));
        }
    }

    /** Everything of an earlier run. */
    void reset() {
        deleteQuietly(root);
    }

    /** The gateway's database: its plans name contracts of chains that were deployed again. */
    void forgetGatewayData() {
        deleteQuietly(data());
    }

    static void deleteQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException e) {
            // a leftover temporary file is harmless; the next --reset tries again
        }
    }
}

package io.billinggateway.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Builds a project outside the reactor the way its author would, with the same Maven installation that runs this
 * build, against the gateway artifacts this reactor has just built.
 *
 * <p>{@code mvn verify} does not install anything, so the user's local repository may hold older snapshots of the
 * SPI and the kit, or none. The nested build therefore gets a local repository of its own: the reactor's freshly
 * built {@code provider-spi}, {@code router}, {@code provider-tck} and parent pom are staged in it as
 * {@code mvn install} would publish them, and everything else (plugins, JUnit, AssertJ) is copied on demand from
 * the user's local repository, declared as a {@code file:} repository ahead of Maven Central. The user's
 * repository is never written to.
 */
final class NestedMaven {
    private static final String GROUP_PATH = "io/billinggateway";
    private static final List<String> PUBLISHED_MODULES = List.of("provider-spi", "router", "provider-tck");
    private static final long TIMEOUT_MINUTES = 10;

    private final Path root;
    private final String version;
    private final Path mavenHome;
    private final Path javaHome;
    private final Path hostRepository;
    private final boolean offline;
    private final Path work;

    /** The output of one nested build. */
    record Build(int exitCode, Path log) {
        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The last lines of the log, for a failure message. */
        String tail() {
            List<String> lines = output().lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }

    private NestedMaven(Path root, String version, Path mavenHome, Path javaHome, Path hostRepository, boolean offline, Path work) {
        this.root = root;
        this.version = version;
        this.mavenHome = mavenHome;
        this.javaHome = javaHome;
        this.hostRepository = hostRepository;
        this.offline = offline;
        this.work = work;
    }

    /** Configured by the failsafe plugin (see this module's pom). */
    static NestedMaven fromSystemProperties(Path work) {
        return new NestedMaven(
                Path.of(property("billing.root")).toAbsolutePath().normalize(),
                property("billing.version"),
                Path.of(property("billing.maven.home")),
                Path.of(property("billing.maven.java-home")),
                Path.of(property("billing.maven.local-repository")),
                System.getProperty("billing.maven.offline", "").endsWith("true"),
                requireNonNull(work, "work is null"));
    }

    /** The repository's root directory. */
    Path root() {
        return root;
    }

    /** Stages this reactor's SPI, router, kit and parent pom in the nested builds' own local repository. */
    void stageReactorArtifacts() throws IOException {
        Path repository = repository();
        Path group = repository.resolve(GROUP_PATH);
        deleteRecursively(group);
        stage(root.resolve("pom.xml"), null, "billing-gateway-parent");
        for (String module : PUBLISHED_MODULES) {
            Path jar = root.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build the reactor through the package phase first (mvn verify)");
            }
            stage(root.resolve(module).resolve("pom.xml"), jar, module);
        }
        Files.writeString(settings(), """
                <settings>
                  <localRepository>%s</localRepository>
                  <profiles>
                    <profile>
                      <id>reuse-host-repository</id>
                      <repositories>
                        <repository>
                          <id>host-local-repository</id>
                          <url>%s</url>
                          <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
                          <snapshots><enabled>false</enabled></snapshots>
                        </repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository>
                          <id>host-local-repository</id>
                          <url>%s</url>
                          <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
                          <snapshots><enabled>false</enabled></snapshots>
                        </pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles>
                    <activeProfile>reuse-host-repository</activeProfile>
                  </activeProfiles>
                </settings>
                """.formatted(repository, hostRepository.toUri(), hostRepository.toUri()), StandardCharsets.UTF_8);
    }

    /** Runs {@code mvn -B <arguments>} on the project in {@code directory}; the log goes to {@code <work>/<name>.log}. */
    Build run(String name, Path directory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(mavenHome.resolve("bin").resolve("mvn").toString(), "-B", "-s", settings().toString(),
                "-f", directory.resolve("pom.xml").toString()));
        if (offline) {
            // Offline as the outer build is; the file: repository stays usable.
            command.addAll(List.of("-o", "-Daether.offline.protocols=file"));
        }
        command.addAll(List.of(arguments));
        Path log = work.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", javaHome.toString());
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("mvn " + String.join(" ", arguments) + " in " + directory + " did not finish within " + TIMEOUT_MINUTES + " minutes; see " + log);
        }
        return new Build(process.exitValue(), log);
    }

    private Path repository() throws IOException {
        return Files.createDirectories(work.resolve("nested-repository"));
    }

    private Path settings() {
        return work.resolve("nested-settings.xml");
    }

    private void stage(Path pom, Path jar, String artifactId) throws IOException {
        Path directory = Files.createDirectories(repository().resolve(GROUP_PATH).resolve(artifactId).resolve(version));
        String base = artifactId + "-" + version;
        Files.copy(pom, directory.resolve(base + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        StringBuilder tracking = new StringBuilder(base + ".pom>=\n");
        if (jar != null) {
            Files.copy(jar, directory.resolve(base + ".jar"), StandardCopyOption.REPLACE_EXISTING);
            tracking.append(base).append(".jar>=\n");
        }
        // Marks the files as installed locally, as maven-install-plugin does.
        Files.writeString(directory.resolve("_remote.repositories"), tracking.toString(), StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("system property " + name + " is not set; run this test through the examples-it module's failsafe configuration");
        }
        return value;
    }
}

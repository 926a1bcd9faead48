package io.billinggateway.tck.plugin;

import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.tck.TemporaryDirectory;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Builds a plugin jar at test time, the way a plugin author's build would: Java sources compiled against the
 * provider SPI (and nothing else unless added), packed with a {@code META-INF/services} file naming the
 * factories. Tests use it to put fixture plugins, working or deliberately broken, into a {@code plugins/}
 * directory; {@link TestingPlugins} has the ready-made ones.
 *
 * <p>Compiling needs a JDK ({@code javax.tools}); the SPI is found where the running code loads it from.
 * A builder: not thread-safe, {@link #writeTo} may be called more than once.
 */
public final class TestingPluginJar {
    private static final String SERVICES_FILE = "META-INF/services/" + BillingProviderFactory.class.getName();

    private String name;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, byte[]> resources = new LinkedHashMap<>();
    private final Set<String> factories = new LinkedHashSet<>();
    private final Set<String> leftOut = new LinkedHashSet<>();
    private final List<Path> classpath = new ArrayList<>();
    private boolean servicesFile = true;

    private TestingPluginJar(String name) {
        this.name = checkedName(name);
    }

    /** A jar that {@link #writeTo} writes as {@code <name>.jar}. */
    public static TestingPluginJar named(String name) {
        return new TestingPluginJar(name);
    }

    /** Writes the jar as {@code <name>.jar} instead (two copies of one plugin under different names). */
    public TestingPluginJar renamed(String name) {
        this.name = checkedName(name);
        return this;
    }

    /** Adds a class by its fully qualified name and Java source. */
    public TestingPluginJar source(String className, String javaSource) {
        sources.put(requireNonNull(className, "className is null"), requireNonNull(javaSource, "javaSource is null"));
        return this;
    }

    /** Adds a file to the jar as it is. */
    public TestingPluginJar resource(String path, byte[] content) {
        resources.put(requireNonNull(path, "path is null"), requireNonNull(content, "content is null").clone());
        return this;
    }

    /** Names a factory class in the jar's {@code META-INF/services} file. */
    public TestingPluginJar registerFactory(String className) {
        factories.add(requireNonNull(className, "className is null"));
        return this;
    }

    /** Writes no {@code META-INF/services} file, as a build that forgot the resources would. */
    public TestingPluginJar withoutServicesFile() {
        servicesFile = false;
        return this;
    }

    /**
     * Compiles the class but leaves it (and its nested classes) out of the jar, as a plugin that forgot to
     * bundle a dependency would.
     */
    public TestingPluginJar leaveOut(String className) {
        leftOut.add(requireNonNull(className, "className is null"));
        return this;
    }

    /** Compiles against this jar or class directory too (a library the plugin uses). */
    public TestingPluginJar compileAgainst(Path jarOrDirectory) {
        classpath.add(requireNonNull(jarOrDirectory, "jarOrDirectory is null"));
        return this;
    }

    /** The file name {@link #writeTo} writes. */
    public String fileName() {
        return name + ".jar";
    }

    /**
     * Compiles the sources and writes {@code <directory>/<name>.jar}, creating the directory if needed.
     *
     * @return the jar's path
     * @throws IllegalStateException with the compiler's diagnostics when a source does not compile, or when no JDK compiler is available
     */
    public Path writeTo(Path directory) {
        requireNonNull(directory, "directory is null");
        try {
            Files.createDirectories(directory);
            try (TemporaryDirectory work = TemporaryDirectory.create("testing-plugin-" + name + "-")) {
                Path classes = compile(work.path());
                Path jar = directory.resolve(fileName());
                writeJar(classes, jar);
                return jar;
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write plugin jar " + fileName() + " to " + directory, e);
        }
    }

    private Path compile(Path work) throws IOException {
        Path classes = Files.createDirectories(work.resolve("classes"));
        if (sources.isEmpty()) {
            return classes;
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("building a plugin jar needs a JDK: javax.tools finds no Java compiler in " + System.getProperty("java.home"));
        }
        Path sourceRoot = Files.createDirectories(work.resolve("sources"));
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceRoot.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue(), StandardCharsets.UTF_8);
            files.add(file);
        }
        List<Path> compileClasspath = new ArrayList<>();
        compileClasspath.add(location(BillingProviderFactory.class));
        compileClasspath.addAll(classpath);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "21", "-proc:none", "-d", classes.toString(),
                    "-classpath", compileClasspath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
            boolean compiled = compiler.getTask(null, fileManager, diagnostics, options, null, fileManager.getJavaFileObjectsFromPaths(files)).call();
            if (!compiled) {
                throw new IllegalStateException("plugin jar " + fileName() + " does not compile:" + System.lineSeparator()
                        + diagnostics.getDiagnostics().stream()
                        .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
                        .map(diagnostic -> "  " + diagnostic.getSource().getName() + ":" + diagnostic.getLineNumber() + ": " + diagnostic.getMessage(Locale.ROOT))
                        .collect(Collectors.joining(System.lineSeparator())));
            }
        }
        return classes;
    }

    private void writeJar(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Created-By", "billing-gateway provider-tck TestingPluginJar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            List<Path> classFiles;
            try (Stream<Path> walk = Files.walk(classes)) {
                classFiles = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path classFile : classFiles) {
                String entry = classes.relativize(classFile).toString().replace(java.io.File.separatorChar, '/');
                if (!isLeftOut(entry)) {
                    write(out, entry, Files.readAllBytes(classFile));
                }
            }
            for (Map.Entry<String, byte[]> resource : resources.entrySet()) {
                write(out, resource.getKey(), resource.getValue());
            }
            if (servicesFile && !factories.isEmpty()) {
                write(out, SERVICES_FILE, (String.join("\n", factories) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private boolean isLeftOut(String entry) {
        String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
        return leftOut.stream().anyMatch(omitted -> className.equals(omitted) || className.startsWith(omitted + "$"));
    }

    private static void write(JarOutputStream out, String entry, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(entry));
        out.write(content);
        out.closeEntry();
    }

    private static String checkedName(String name) {
        requireNonNull(name, "name is null");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("a plugin jar name is letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        return name;
    }

    /** Where a class is loaded from: its jar or its class directory. */
    static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where " + type.getName() + " is loaded from", e);
        }
    }
}

package io.billinggateway.router;

import io.billinggateway.spi.BillingProviderFactory;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ConfigKey;
import io.billinggateway.spi.SpiVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Finds {@link BillingProviderFactory} implementations on the host class path and in a plugins directory.
 *
 * <p>Each {@code *.jar} directly in the plugins directory is one plugin; each sub-directory is one plugin
 * made of all the jars inside it (a plugin with its own dependencies). Every plugin gets its own
 * {@link PluginClassLoader}.
 *
 * <p>Discovery never stops at the first broken plugin: every problem (a factory without a public no-arg
 * constructor, a throwing static initialiser, a duplicate providerId, an incompatible SPI version, invalid
 * declarations) becomes one line in {@link Result#problems()}, naming the plugin and the class.
 */
public final class PluginDiscovery {
    /** Packages a plugin shares with the host; everything else a plugin loads from its own jars. */
    public static final List<String> SHARED_PACKAGE_PREFIXES = List.of("io.billinggateway.spi.");

    private static final Pattern PROVIDER_ID = Pattern.compile("[a-z][a-z0-9-]{1,31}");

    private final ClassLoader hostClassLoader;
    private final SpiVersion hostVersion;

    public PluginDiscovery(ClassLoader hostClassLoader) {
        this(hostClassLoader, SpiVersion.host());
    }

    PluginDiscovery(ClassLoader hostClassLoader, SpiVersion hostVersion) {
        this.hostClassLoader = requireNonNull(hostClassLoader, "hostClassLoader is null");
        this.hostVersion = requireNonNull(hostVersion, "hostVersion is null");
    }

    /** What discovery found, and every problem it met. */
    public record Result(List<DiscoveredFactory> factories, List<String> problems) {
        public Result {
            factories = List.copyOf(factories);
            problems = List.copyOf(problems);
        }

        public Map<String, DiscoveredFactory> byProviderId() {
            Map<String, DiscoveredFactory> result = new LinkedHashMap<>();
            factories.forEach(factory -> result.put(factory.providerId(), factory));
            return result;
        }
    }

    /**
     * Discovers factories on the host class path and, when {@code pluginsDirectory} exists, in it.
     * A missing plugins directory is not a problem (there are simply no plugins).
     */
    public Result discover(Path pluginsDirectory) {
        List<DiscoveredFactory> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        load(PluginSource.CLASSPATH, hostClassLoader, found, problems);
        if (pluginsDirectory != null && Files.isDirectory(pluginsDirectory)) {
            for (Path plugin : listPlugins(pluginsDirectory)) {
                List<URL> urls = jarsOf(plugin);
                if (urls.isEmpty()) {
                    problems.add("plugin " + plugin + ": contains no jar files");
                    continue;
                }
                PluginClassLoader classLoader = new PluginClassLoader("plugin:" + plugin.getFileName(), urls, hostClassLoader, SHARED_PACKAGE_PREFIXES);
                int before = found.size();
                int problemsBefore = problems.size();
                load(PluginSource.plugin(plugin), classLoader, found, problems);
                if (found.size() == before && problems.size() == problemsBefore) {
                    problems.add("plugin " + plugin + ": declares no " + BillingProviderFactory.class.getName()
                            + " (add META-INF/services/" + BillingProviderFactory.class.getName() + " naming your factory class)");
                }
            }
        }
        return new Result(withoutDuplicates(found, problems), problems);
    }

    private void load(PluginSource source, ClassLoader classLoader, List<DiscoveredFactory> found, List<String> problems) {
        ServiceLoader<BillingProviderFactory> loader = ServiceLoader.load(BillingProviderFactory.class, classLoader);
        Iterator<ServiceLoader.Provider<BillingProviderFactory>> providers = loader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<BillingProviderFactory> provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
            }
            catch (ServiceConfigurationError error) {
                problems.add(source + ": " + factoryOf(error).map(name -> "factory " + name + " cannot be instantiated: ").orElse("") + explain(error));
                continue;
            }
            catch (LinkageError error) {
                // A listed class that cannot even be linked (its superclass or an interface is missing).
                problems.add(unloadable(source, error));
                continue;
            }
            String className;
            try {
                className = provider.type().getName();
            }
            catch (LinkageError error) {
                problems.add(unloadable(source, error));
                continue;
            }
            BillingProviderFactory factory;
            try {
                factory = withContextClassLoader(classLoader, provider::get);
            }
            catch (ServiceConfigurationError error) {
                problems.add(source + ": factory " + className + " cannot be instantiated: " + explain(error));
                continue;
            }
            catch (RuntimeException | LinkageError error) {
                problems.add(source + ": factory " + className + " cannot be instantiated: " + describe(error));
                continue;
            }
            List<String> factoryProblems = new ArrayList<>();
            try {
                DiscoveredFactory discovered = withContextClassLoader(classLoader,
                        () -> declarations(source, classLoader, className, factory, factoryProblems));
                if (factoryProblems.isEmpty()) {
                    found.add(discovered);
                }
            }
            catch (RuntimeException | LinkageError error) {
                factoryProblems.add(source + ": factory " + className + " failed while declaring itself: " + describe(error));
            }
            problems.addAll(factoryProblems);
        }
    }

    private DiscoveredFactory declarations(PluginSource source, ClassLoader classLoader, String className, BillingProviderFactory factory, List<String> problems) {
        String prefix = source + ": factory " + className + ": ";
        String providerId = factory.providerId();
        if (providerId == null || !PROVIDER_ID.matcher(providerId).matches()) {
            problems.add(prefix + "providerId '" + providerId + "' must be 2-32 lower-case letters, digits or dashes, starting with a letter");
        }
        String spiVersion = factory.spiVersion();
        try {
            SpiVersion pluginVersion = SpiVersion.parse(String.valueOf(spiVersion));
            if (!hostVersion.canLoad(pluginVersion)) {
                problems.add(prefix + "built for SPI " + pluginVersion + " but this gateway provides SPI " + hostVersion
                        + " (a plugin needs the same major version and a minor version no newer than the host's); rebuild it against provider-spi " + hostVersion);
            }
        }
        catch (IllegalArgumentException e) {
            problems.add(prefix + "spiVersion(): " + e.getMessage());
        }
        Set<Capability> capabilities = factory.capabilities();
        if (capabilities == null) {
            problems.add(prefix + "capabilities() returned null; return an empty set for none");
            capabilities = Set.of();
        }
        List<ConfigKey> configKeys = factory.configKeys();
        if (configKeys == null) {
            problems.add(prefix + "configKeys() returned null; return an empty list for none");
            configKeys = List.of();
        }
        Set<String> names = new HashSet<>();
        for (ConfigKey key : configKeys) {
            if (!names.add(key.name())) {
                problems.add(prefix + "declares config key '" + key.name() + "' twice");
            }
            if (NetworkConfigurationReader.HOST_KEYS.contains(key.name())) {
                problems.add(prefix + "declares config key '" + key.name() + "', which the gateway reserves for itself");
            }
        }
        return new DiscoveredFactory(factory, source, classLoader, providerId == null ? "" : providerId, String.valueOf(spiVersion), capabilities, configKeys);
    }

    private static List<DiscoveredFactory> withoutDuplicates(List<DiscoveredFactory> found, List<String> problems) {
        Map<String, DiscoveredFactory> byId = new LinkedHashMap<>();
        Set<String> duplicated = new HashSet<>();
        for (DiscoveredFactory factory : found) {
            DiscoveredFactory previous = byId.putIfAbsent(factory.providerId(), factory);
            if (previous != null) {
                duplicated.add(factory.providerId());
                problems.add("providerId '" + factory.providerId() + "' is provided twice: by " + previous.factory().getClass().getName()
                        + " (" + previous.source() + ") and by " + factory.factory().getClass().getName() + " (" + factory.source() + "); remove one of them");
            }
        }
        return found.stream().filter(factory -> !duplicated.contains(factory.providerId())).toList();
    }

    private static List<Path> listPlugins(Path pluginsDirectory) {
        try (Stream<Path> entries = Files.list(pluginsDirectory)) {
            return entries
                    .filter(path -> Files.isDirectory(path) || path.getFileName().toString().endsWith(".jar"))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot list plugins directory " + pluginsDirectory, e);
        }
    }

    private static List<URL> jarsOf(Path plugin) {
        try {
            if (!Files.isDirectory(plugin)) {
                return List.of(plugin.toUri().toURL());
            }
            try (Stream<Path> files = Files.list(plugin)) {
                List<URL> urls = new ArrayList<>();
                for (Path jar : files.filter(path -> path.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(jar.toUri().toURL());
                }
                return urls;
            }
        }
        catch (MalformedURLException e) {
            throw new IllegalStateException("cannot build a URL for " + plugin, e);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot list plugin directory " + plugin, e);
        }
    }

    private static String unloadable(PluginSource source, LinkageError error) {
        return source + ": a listed factory class cannot be loaded: " + describe(error) + " (bundle the plugin's dependencies in its jar or in its plugin directory)";
    }

    /** The factory class a ServiceLoader error names ("<service>: <class> Unable to ..."), when it names one. */
    private static java.util.Optional<String> factoryOf(ServiceConfigurationError error) {
        String message = error.getMessage();
        String prefix = BillingProviderFactory.class.getName() + ": ";
        if (message == null || !message.startsWith(prefix)) {
            return java.util.Optional.empty();
        }
        String rest = message.substring(prefix.length());
        int space = rest.indexOf(' ');
        String candidate = space < 0 ? rest : rest.substring(0, space);
        return candidate.matches("[\\w.$]+") && !candidate.equals("Provider") ? java.util.Optional.of(candidate) : java.util.Optional.empty();
    }

    private static String explain(ServiceConfigurationError error) {
        Throwable cause = error.getCause();
        String message = error.getMessage();
        if (message != null && message.contains("Unable to get public no-arg constructor")) {
            return "it has no public no-argument constructor (ServiceLoader needs one)";
        }
        if (cause instanceof ExceptionInInitializerError initializerError) {
            return "its static initialiser threw " + describe(initializerError.getCause() == null ? initializerError : initializerError.getCause());
        }
        if (cause instanceof NoClassDefFoundError || cause instanceof ClassNotFoundException) {
            return "a class it needs is missing: " + describe(cause)
                    + " (bundle the plugin's dependencies in its jar or in its plugin directory)";
        }
        if (cause != null) {
            return describe(cause);
        }
        return message == null ? error.toString() : message;
    }

    static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    static <T> T withContextClassLoader(ClassLoader classLoader, Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        try {
            return action.get();
        }
        finally {
            thread.setContextClassLoader(previous);
        }
    }
}

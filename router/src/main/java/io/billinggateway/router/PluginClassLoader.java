package io.billinggateway.router;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The class loader of one plugin: its own jars first, the platform (JDK) classes as parent, and the SPI
 * packages from the host. A plugin's web3j, Jackson or BouncyCastle therefore never clash with the host's
 * or another plugin's, while the SPI types are shared so that the host can call the plugin (Kafka Connect's
 * {@code PluginClassLoader}, Trino's {@code PluginClassLoader}).
 */
final class PluginClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final ClassLoader hostClassLoader;
    private final List<String> hostPackagePrefixes;

    PluginClassLoader(String name, List<URL> urls, ClassLoader hostClassLoader, List<String> hostPackagePrefixes) {
        super(name, urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        this.hostClassLoader = requireNonNull(hostClassLoader, "hostClassLoader is null");
        this.hostPackagePrefixes = List.copyOf(hostPackagePrefixes);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isHostClass(name)) {
            return hostClassLoader.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        if (isHostResource(name)) {
            return hostClassLoader.getResource(name);
        }
        return super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isHostResource(name)) {
            return hostClassLoader.getResources(name);
        }
        // The plugin's own resources only (and the JDK's): never the host's service files or configuration.
        Enumeration<URL> own = findResources(name);
        Enumeration<URL> platform = ClassLoader.getPlatformClassLoader().getResources(name);
        List<URL> all = new java.util.ArrayList<>(Collections.list(own));
        all.addAll(Collections.list(platform));
        return Collections.enumeration(all);
    }

    private boolean isHostClass(String className) {
        for (String prefix : hostPackagePrefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private boolean isHostResource(String resourceName) {
        return resourceName.endsWith(".class") && isHostClass(resourceName.replace('/', '.'));
    }
}

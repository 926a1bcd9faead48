package io.billinggateway.tck.plugin;

import io.billinggateway.router.PluginDiscovery;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;

import static java.util.Objects.requireNonNull;

/**
 * A host class loader that sees the JDK and the SPI packages of another loader, and nothing else: no
 * classes, no service files. Hand it to {@link PluginDiscovery} or the router as the host loader in a test,
 * and they see exactly the plugins in the plugins directory, as a packaged gateway whose class path holds no
 * provider would; the SPI types stay the test's own, so discovered factories can be used directly.
 */
public final class SpiOnlyClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final ClassLoader spiSource;

    public SpiOnlyClassLoader(ClassLoader spiSource) {
        super("spi-only-host", ClassLoader.getPlatformClassLoader());
        this.spiSource = requireNonNull(spiSource, "spiSource is null");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return spiSource.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        return isSharedResource(name) ? spiSource.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return isSharedResource(name) ? spiSource.getResources(name) : super.getResources(name);
    }

    private static boolean isShared(String className) {
        return PluginDiscovery.SHARED_PACKAGE_PREFIXES.stream().anyMatch(className::startsWith);
    }

    private static boolean isSharedResource(String resourceName) {
        return resourceName.endsWith(".class") && isShared(resourceName.replace('/', '.'));
    }
}

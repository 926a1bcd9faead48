package io.billinggateway.router;

import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where a factory came from: the host class path, or a plugin (a jar, or a directory of jars) in the plugins directory.
 *
 * @param location {@code classpath} or the plugin's path, for messages
 * @param pluginPath the plugin's jar or directory; empty for the class path
 */
public record PluginSource(String location, Optional<Path> pluginPath) {
    public static final PluginSource CLASSPATH = new PluginSource("classpath", Optional.empty());

    public PluginSource {
        requireNonNull(location, "location is null");
        requireNonNull(pluginPath, "pluginPath is null");
    }

    public static PluginSource plugin(Path path) {
        return new PluginSource("plugin " + path, Optional.of(path));
    }

    @Override
    public String toString() {
        return location;
    }
}

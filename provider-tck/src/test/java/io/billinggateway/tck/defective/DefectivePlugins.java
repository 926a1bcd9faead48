package io.billinggateway.tck.defective;

import io.billinggateway.spi.ChainId;
import io.billinggateway.spi.Money;
import io.billinggateway.tck.BasePluginLoaderConformanceTest;
import io.billinggateway.tck.ConformanceEnvironment;
import io.billinggateway.tck.ConformanceNetwork;
import io.billinggateway.tck.plugin.TestingPluginJar;
import io.billinggateway.tck.plugin.TestingPlugins;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The loader checks run against wrongly packaged plugins. These classes fail by design: surefire never runs
 * them; {@code ConformanceKitTest} checks that each fails for the right reason.
 */
public final class DefectivePlugins {
    private DefectivePlugins() {
    }

    abstract static class FixturePlugin extends BasePluginLoaderConformanceTest {
        @TempDir
        Path build;

        abstract TestingPluginJar plugin();

        @Override
        protected Path pluginPath() {
            return plugin().writeTo(build);
        }

        @Override
        protected ConformanceNetwork network(ConformanceEnvironment environment) {
            return new ConformanceNetwork("alpha", ChainId.parse("fixture:alpha"), Map.of(), Map.of());
        }
    }

    /** A jar that carries a copy of the SPI's classes. */
    public static class BundlesTheSpi extends FixturePlugin {
        @Override
        TestingPluginJar plugin() {
            String resource = Money.class.getName().replace('.', '/') + ".class";
            try (InputStream in = Money.class.getClassLoader().getResourceAsStream(resource)) {
                return TestingPlugins.working("fixture-fat").resource(resource, in.readAllBytes());
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A jar that lacks a class its factory needs. */
    public static class MissesADependency extends FixturePlugin {
        @Override
        TestingPluginJar plugin() {
            return TestingPlugins.withMissingDependency("fixture-missing");
        }
    }

    /** A network the plugin's factory does not accept. */
    public static class MisconfiguredNetwork extends FixturePlugin {
        @Override
        TestingPluginJar plugin() {
            return TestingPlugins.working("fixture-good");
        }

        @Override
        protected ConformanceNetwork network(ConformanceEnvironment environment) {
            return new ConformanceNetwork("alpha", ChainId.parse("fixture:alpha"), Map.of("colour", "blue"), Map.of());
        }
    }
}

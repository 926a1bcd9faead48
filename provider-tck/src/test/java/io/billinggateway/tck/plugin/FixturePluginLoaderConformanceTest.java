package io.billinggateway.tck.plugin;

import io.billinggateway.spi.ChainId;
import io.billinggateway.tck.BasePluginLoaderConformanceTest;
import io.billinggateway.tck.ConformanceEnvironment;
import io.billinggateway.tck.ConformanceNetwork;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** The loader checks a plugin author runs, against the working fixture plugin: every check must pass. */
class FixturePluginLoaderConformanceTest extends BasePluginLoaderConformanceTest {
    @TempDir
    Path build;

    @Override
    protected Path pluginPath() {
        return TestingPlugins.working("fixture-good").writeTo(build);
    }

    @Override
    protected ConformanceNetwork network(ConformanceEnvironment environment) {
        return new ConformanceNetwork("alpha", ChainId.parse("fixture:alpha"), Map.of("greeting", "hi"), Map.of());
    }
}

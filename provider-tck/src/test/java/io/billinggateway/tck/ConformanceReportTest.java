package io.billinggateway.tck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.billinggateway.spi.SpiVersion;
import io.billinggateway.tck.defective.DefectivePlugins;
import io.billinggateway.tck.defective.DefectiveProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The machine-readable report: per test and per capability, with the provider, its SPI version and the seed. */
class ConformanceReportTest {
    @TempDir
    Path directory;

    @Test
    void reportsEveryTestAndAVerdictPerCapability() throws IOException {
        Path report = directory.resolve("reports/conformance-report.json");
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(DefectiveProviders.ChargesAPeriodTwice.class), selectClass(DefectivePlugins.BundlesTheSpi.class))
                .configurationParameter(ConformanceReportExtension.REPORT_PARAMETER, report.toString())
                .execute();

        JsonNode root = new ObjectMapper().readTree(report.toFile());
        assertThat(root.path("format").asText()).isEqualTo(ConformanceReportExtension.FORMAT);
        assertThat(root.path("kitSpiVersion").asText()).isEqualTo(SpiVersion.CURRENT);
        assertThat(root.path("repeatWith").asText()).isEqualTo("-Dbilling.tck.seed=" + root.path("runSeed").asLong());
        assertThat(root.path("suites")).hasSize(2);

        JsonNode provider = root.path("suites").get(0);
        assertThat(provider.path("testClass").asText()).isEqualTo(DefectiveProviders.ChargesAPeriodTwice.class.getName());
        assertThat(provider.path("kind").asText()).isEqualTo("provider");
        assertThat(provider.path("providerId").asText()).isEqualTo("testing-memory");
        assertThat(provider.path("pluginSpiVersion").asText()).isEqualTo(SpiVersion.CURRENT);
        assertThat(provider.path("network").asText()).isEqualTo("memory");
        assertThat(provider.path("chainId").asText()).isEqualTo("memory:tck");
        assertThat(texts(provider.path("declaredCapabilities"))).contains("RECURRING_CHARGE", "REFUND", "WEBHOOKS");
        assertThat(provider.path("verdict").asText()).isEqualTo("failed");
        assertThat(provider.path("summary").path("passed").asInt() + provider.path("summary").path("failed").asInt()
                + provider.path("summary").path("skipped").asInt()).isEqualTo(provider.path("tests").size());

        JsonNode recurring = provider.path("capabilities").path("RECURRING_CHARGE");
        assertThat(recurring.path("declared").asBoolean()).isTrue();
        assertThat(recurring.path("verdict").asText()).isEqualTo("failed");
        assertThat(texts(recurring.path("failed"))).containsExactlyInAnyOrder("chargingTheSamePeriodTwiceMovesMoneyOnce", "chargeRetriedAfterTimeoutsMovesMoneyOnce");
        assertThat(provider.path("capabilities").path("PARTIAL_REFUND").path("verdict").asText()).isEqualTo("passed");
        assertThat(provider.path("contracts").path("verdict").asText()).isEqualTo("passed");
        assertThat(texts(provider.path("contracts").path("passed"))).contains("errorsNeverRevealSecrets", "checkoutRetriedAfterTimeoutsStartsOnePayment");

        JsonNode charge = test(provider, "chargingTheSamePeriodTwiceMovesMoneyOnce");
        assertThat(charge.path("outcome").asText()).isEqualTo("failed");
        assertThat(texts(charge.path("exercises"))).containsExactly("RECURRING_CHARGE");
        assertThat(charge.path("message").asText()).contains("moved money twice");
        assertThat(charge.path("seed").isIntegralNumber()).isTrue();
        assertThat(test(provider, "describeIsCheapAndStable").path("outcome").asText()).isEqualTo("passed");

        JsonNode plugin = root.path("suites").get(1);
        assertThat(plugin.path("kind").asText()).isEqualTo("plugin-loader");
        assertThat(plugin.path("pluginPath").asText()).endsWith("fixture-fat.jar");
        assertThat(test(plugin, "pluginDoesNotBundleTheSpi").path("outcome").asText()).isEqualTo("failed");
        assertThat(test(plugin, "pluginLoadsFromThePluginsDirectory").path("outcome").asText()).isEqualTo("passed");
    }

    @Test
    void writesNothingWhenTurnedOff() {
        Path report = directory.resolve("conformance-report.json");
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(DefectivePlugins.BundlesTheSpi.class))
                .configurationParameter(ConformanceReportExtension.REPORT_PARAMETER, "none")
                .execute();

        assertThat(report).doesNotExist();
        assertThat(directory).isEmptyDirectory();
    }

    private static JsonNode test(JsonNode suite, String name) {
        for (JsonNode test : suite.path("tests")) {
            if (test.path("name").asText().equals(name)) {
                return test;
            }
        }
        throw new AssertionError("no test " + name + " in " + suite);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}

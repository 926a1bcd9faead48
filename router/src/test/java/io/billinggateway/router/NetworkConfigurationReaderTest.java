package io.billinggateway.router;

import io.billinggateway.spi.ChainId;
import io.billinggateway.spi.ConfigKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkConfigurationReaderTest {
    private static final Map<String, DiscoveredFactory> FACTORIES =
            new PluginDiscovery(NetworkConfigurationReaderTest.class.getClassLoader()).discover(null).byProviderId();
    private static final List<ConfigKey> HOST_KEYS = List.of(ConfigKey.optional("charge-interval", "30s", "how often the worker charges"));

    @Test
    void readsPropertiesAppliesDefaultsAndResolvesSecretReferences() {
        Map<String, String> environment = Map.of("BILLING_NETWORKS", "psp", "PSP_KEY", "sk_live_abcdef");
        Map<String, String> properties = Map.of(
                "billing.networks.psp.provider", "testing",
                "billing.networks.psp.chain-id", "fiat:psp",
                "billing.networks.psp.api-key", "env:PSP_KEY");

        List<NetworkSettings> networks = reader(properties, environment).read(FACTORIES);

        assertThat(networks).singleElement().satisfies(network -> {
            assertThat(network.name()).isEqualTo("psp");
            assertThat(network.config().chainId()).isEqualTo(new ChainId("fiat", "psp"));
            assertThat(network.config().values()).containsEntry("endpoint", "http://localhost:1").doesNotContainKeys("provider", "chain-id");
            assertThat(network.config().requireSecret("api-key").reveal()).isEqualTo("sk_live_abcdef");
            assertThat(network.config().toString()).doesNotContain("sk_live_abcdef");
            assertThat(network.hostValues()).containsEntry("charge-interval", "30s");
        });
    }

    @Test
    void environmentVariablesOverridePropertiesAndBareEvmChainNumbersAreNormalised() {
        Map<String, String> environment = Map.of(
                "BILLING_NETWORKS", "psp",
                "BILLING_NETWORKS_PSP_PROVIDER", "testing",
                "BILLING_NETWORKS_PSP_CHAIN_ID", "56",
                "BILLING_NETWORKS_PSP_API_KEY", "env:PSP_KEY",
                "BILLING_NETWORKS_PSP_ENDPOINT", "http://from-env",
                "BILLING_NETWORKS_PSP_CHARGE_INTERVAL", "5m",
                "PSP_KEY", "k3y-value");

        NetworkSettings network = reader(Map.of("billing.networks.psp.endpoint", "http://from-properties"), environment).read(FACTORIES).getFirst();

        assertThat(network.config().chainId()).hasToString("eip155:56");
        assertThat(network.config().require("endpoint")).isEqualTo("http://from-env");
        assertThat(network.hostValues()).containsEntry("charge-interval", "5m");
    }

    @Test
    void unknownNetworkNamesItAndWhatIsKnown() {
        assertThatThrownBy(() -> reader(Map.of(), Map.of("BILLING_NETWORKS", "nosuch")).read(FACTORIES))
                .isInstanceOf(RouterConfigurationException.class)
                .hasMessageContaining("network 'nosuch': no provider configured")
                .hasMessageContaining("known presets: bsc, ethereum, fiat, polygon")
                .hasMessageContaining("installed providers: testing");
    }

    @Test
    void presetOfAnUninstalledProviderSaysWhichProviderIsMissing() {
        assertThatThrownBy(() -> reader(Map.of(), Map.of("BILLING_NETWORKS", "bsc")).read(FACTORIES))
                .hasMessageContaining("network 'bsc': provider 'evm' is not installed; installed providers: testing");
    }

    @Test
    void reportsEveryProblemOnItsOwnLine() {
        Map<String, String> environment = Map.of(
                "BILLING_NETWORKS", "psp,psp,Bad_Name",
                "BILLING_NETWORKS_PSP_PROVIDER", "testing",
                "BILLING_NETWORKS_PSP_CHAIN_ID", "fiat:psp",
                "BILLING_NETWORKS_PSP_ENDPONT", "typo");

        assertThatThrownBy(() -> reader(Map.of("billing.networks.psp.colour", "blue"), environment).read(FACTORIES))
                .isInstanceOfSatisfying(RouterConfigurationException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "network 'Bad_Name' in BILLING_NETWORKS: a network name is 1-32 lower-case letters, digits or dashes, starting with a letter",
                        "network 'psp' is listed twice in BILLING_NETWORKS",
                        "network 'psp': unknown key billing.networks.psp.colour; provider 'testing' accepts: api-key, chain-id, charge-interval, claim, endpoint, fail-with, provider",
                        "network 'psp': unknown environment variable BILLING_NETWORKS_PSP_ENDPONT; provider 'testing' accepts: BILLING_NETWORKS_PSP_API_KEY, "
                                + "BILLING_NETWORKS_PSP_CHAIN_ID, BILLING_NETWORKS_PSP_CHARGE_INTERVAL, BILLING_NETWORKS_PSP_CLAIM, BILLING_NETWORKS_PSP_ENDPOINT, "
                                + "BILLING_NETWORKS_PSP_FAIL_WITH, BILLING_NETWORKS_PSP_PROVIDER",
                        "network 'psp': missing required key billing.networks.psp.api-key (or BILLING_NETWORKS_PSP_API_KEY): the key of the testing PSP"));
    }

    @Test
    void secretGivenAsAValueIsRejectedWithoutEchoingIt() {
        Map<String, String> environment = Map.of(
                "BILLING_NETWORKS", "psp",
                "BILLING_NETWORKS_PSP_PROVIDER", "testing",
                "BILLING_NETWORKS_PSP_CHAIN_ID", "fiat:psp",
                "BILLING_NETWORKS_PSP_API_KEY", "sk_live_plaintext");

        assertThatThrownBy(() -> reader(Map.of(), environment).read(FACTORIES))
                .hasMessageContaining("network 'psp': key billing.networks.psp.api-key: a secret must be given as a reference (env:NAME or file:/path)")
                .hasMessageNotContaining("sk_live_plaintext");
    }

    @Test
    void unresolvableSecretReferenceNamesTheReference() {
        Map<String, String> environment = Map.of(
                "BILLING_NETWORKS", "psp",
                "BILLING_NETWORKS_PSP_PROVIDER", "testing",
                "BILLING_NETWORKS_PSP_CHAIN_ID", "fiat:psp",
                "BILLING_NETWORKS_PSP_API_KEY", "file:/nonexistent/psp-key");

        assertThatThrownBy(() -> reader(Map.of(), environment).read(FACTORIES))
                .hasMessageContaining("secret reference file:/nonexistent/psp-key cannot be read");
    }

    @Test
    void twoNetworksOfOneProviderOnTheSameChainAreRejected() {
        Map<String, String> environment = Map.of(
                "BILLING_NETWORKS", "one,two",
                "KEY", "value-of-key");
        Map<String, String> properties = Map.of(
                "billing.networks.one.provider", "testing",
                "billing.networks.one.chain-id", "eip155:56",
                "billing.networks.one.api-key", "env:KEY",
                "billing.networks.two.provider", "testing",
                "billing.networks.two.chain-id", "56",
                "billing.networks.two.api-key", "env:KEY");

        assertThatThrownBy(() -> reader(properties, environment).read(FACTORIES))
                .hasMessage("networks 'one' and 'two' both use provider 'testing' on chain eip155:56; a provider serves each chain once");
    }

    @Test
    void variablesOfALongerNetworkNameAreNotMistakenForUnknownKeys() {
        Map<String, String> environment = Map.of(
                "BILLING_NETWORKS", "psp,psp-eu",
                "KEY", "value-of-key",
                "BILLING_NETWORKS_PSP_EU_ENDPOINT", "http://eu");
        Map<String, String> properties = Map.of(
                "billing.networks.psp.provider", "testing",
                "billing.networks.psp.chain-id", "fiat:psp",
                "billing.networks.psp.api-key", "env:KEY",
                "billing.networks.psp-eu.provider", "testing",
                "billing.networks.psp-eu.chain-id", "fiat:psp-eu",
                "billing.networks.psp-eu.api-key", "env:KEY");

        List<NetworkSettings> networks = reader(properties, environment).read(FACTORIES);

        assertThat(networks).extracting(NetworkSettings::name).containsExactly("psp", "psp-eu");
        assertThat(networks.get(1).config().require("endpoint")).isEqualTo("http://eu");
    }

    @Test
    void enabledNetworksComeFromTheEnvironmentBeforeProperties() {
        NetworkConfigurationReader reader = reader(Map.of("billing.enabled-networks", "fiat"), Map.of("BILLING_NETWORKS", " bsc , polygon "));
        assertThat(reader.enabledNetworks()).containsExactly("bsc", "polygon");
        assertThat(reader(Map.of("billing.enabled-networks", "fiat"), Map.of()).enabledNetworks()).containsExactly("fiat");
        assertThatThrownBy(() -> reader(Map.of(), Map.of()).read(FACTORIES)).hasMessageStartingWith("no network is enabled: set BILLING_NETWORKS");
    }

    private static NetworkConfigurationReader reader(Map<String, String> properties, Map<String, String> environment) {
        return new NetworkConfigurationReader(properties, environment, new EnvironmentSecretResolver(environment), HOST_KEYS);
    }
}

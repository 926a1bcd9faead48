package io.billinggateway.gateway;

import io.billinggateway.gateway.testing.TestingDatabase;
import io.billinggateway.gateway.testing.TestingGateway;
import io.billinggateway.router.RouterConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The per-network {@code data-dir} key: where a network's provider keeps its state, e.g. one mock PSP shared by several processes. */
class NetworkDataDirectoryTest {
    @TempDir
    Path home;

    @Test
    void aNetworksProviderKeepsItsStateInItsDataDirOrUnderTheGatewaysByDefault() {
        Path shared = home.resolve("shared-psp");
        try (TestingDatabase database = TestingDatabase.h2();
             TestingGateway configured = TestingGateway.start(database, home.resolve("configured"), Map.of("billing.networks.fiat.data-dir", shared.toString()))) {
            assertThat(shared.resolve("ledger.jsonl")).exists();
            assertThat(home.resolve("configured/data/networks/fiat")).doesNotExist();
        }
        try (TestingDatabase database = TestingDatabase.h2();
             TestingGateway byDefault = TestingGateway.start(database, home.resolve("default"), Map.of())) {
            assertThat(home.resolve("default/data/networks/fiat/ledger.jsonl")).exists();
        }
    }

    @Test
    void aDataDirThatCannotBeADirectoryStopsStartupNamingTheKey() throws Exception {
        Path file = Files.writeString(home.resolve("not-a-directory"), "x");
        try (TestingDatabase database = TestingDatabase.h2()) {
            Throwable failure = catchThrowable(() -> TestingGateway.start(database, home, Map.of("billing.networks.fiat.data-dir", file.toString())).close());

            RouterConfigurationException problems = Application.configurationProblem(failure).orElseThrow(() -> new AssertionError("not a configuration problem", failure));
            assertThat(problems.problems()).singleElement().asString()
                    .startsWith("network 'fiat' (provider 'mock-fiat', ")
                    .contains("cannot create the data directory " + file + " of network 'fiat' (key data-dir)");
        }
    }
}

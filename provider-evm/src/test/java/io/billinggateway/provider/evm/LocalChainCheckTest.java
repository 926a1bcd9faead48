package io.billinggateway.provider.evm;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up warning for a local chain that never reaches the configured confirmations on its own. */
class LocalChainCheckTest {
    @Test
    void warnsForAnAutominingNodeOrASilentLocalChainIdWhenConfirmationsAreAwaited() {
        assertThat(LocalChainCheck.warning("bsc", 56, Optional.of(true), 15)).hasValueSatisfying(message -> assertThat(message).isEqualTo(
                "the node of network 'bsc' (chain id 56) mines a block only per transaction (automine), and the network waits for 15 confirmations: "
                        + "payments stay pending until that many more blocks are mined; set BILLING_NETWORKS_BSC_CONFIRMATIONS=0 for a local chain, run "
                        + "Anvil with --block-time 1, or mine blocks by hand (cast rpc anvil_mine 15); see docs/networks/local-evm.md"));
        assertThat(LocalChainCheck.warning("dev-chain", 31337, Optional.empty(), 1)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("the node of network 'dev-chain' has the local chain id 31337 and may mine a block only per transaction, and the network "
                        + "waits for 1 confirmation:").contains("BILLING_NETWORKS_DEV_CHAIN_CONFIRMATIONS=0"));

        assertThat(LocalChainCheck.warning("bsc", 56, Optional.of(true), 0)).as("nothing to wait for").isEmpty();
        assertThat(LocalChainCheck.warning("bsc", 31337, Optional.of(false), 15)).as("interval mining reaches any depth").isEmpty();
        assertThat(LocalChainCheck.warning("bsc", 56, Optional.empty(), 15)).as("a production node").isEmpty();
    }

    @Test
    void anAutominingAnvilWithThePresetsConfirmationsLogsOneWarningAtStartUp() {
        List<LogRecord> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue() && record.getMessage().contains("confirmation")) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("billing.provider.evm.test");
        logger.addHandler(handler);
        try (TestingEvmChain chain = TestingEvmChain.start(56)) {
            Map<String, String> values = chain.values();
            values.put(EvmSettings.CONFIRMATIONS, "15");
            TestingEvmProvider.create(chain, values).close();
            assertThat(warnings).singleElement().satisfies(record -> assertThat(record.getMessage())
                    .contains("mines a block only per transaction (automine)", "waits for 15 confirmations", "_CONFIRMATIONS=0"));
        }
        finally {
            logger.removeHandler(handler);
        }
    }
}

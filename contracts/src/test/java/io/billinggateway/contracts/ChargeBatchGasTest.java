package io.billinggateway.contracts;

import static io.billinggateway.contracts.TestingBillingSuite.ONE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Gas per charged item of {@code chargeBatch} at batch sizes 1, 10, 50 and 100, for an ERC-20 plan and a
 * native-coin plan, every item charged successfully on its first renewal through the fee-taking gateway. The
 * table goes to {@code target/gas-report.md} (and standard output); docs/performance.md records it.
 *
 * <p>The bounds asserted here are regression guards, well above the measured values.
 */
class ChargeBatchGasTest {
    private static final List<Integer> BATCH_SIZES = List.of(1, 10, 50, 100);
    private static final Duration PERIOD = Duration.ofDays(30);
    private static final BigInteger PRICE = ONE_TOKEN.multiply(BigInteger.valueOf(5));

    private static TestingAnvil anvil;
    private static TestingBillingSuite suite;

    @BeforeAll
    static void startChain() {
        anvil = TestingAnvil.start(1);
        suite = TestingBillingSuite.deploy(anvil);
    }

    @AfterAll
    static void stopChain() {
        anvil.close();
    }

    @Test
    void gasPerChargedItem() throws IOException {
        String tokenPlan = suite.publish(suite.plan(anvil.newAccount().getAddress(), suite.token().address(), PRICE, PERIOD));
        String nativePlan = suite.publish(suite.plan(anvil.newAccount().getAddress(), PaymentGateway.NATIVE_COIN, PRICE, PERIOD));
        Map<Integer, List<BigInteger>> tokenBatches = new LinkedHashMap<>();
        Map<Integer, List<BigInteger>> nativeBatches = new LinkedHashMap<>();
        for (int size : BATCH_SIZES) {
            tokenBatches.put(size, subscribe(size, tokenPlan, false));
            nativeBatches.put(size, subscribe(size, nativePlan, true));
        }
        anvil.increaseTime(PERIOD);
        anvil.mine();

        Map<Integer, BigInteger> tokenGas = new LinkedHashMap<>();
        Map<Integer, BigInteger> nativeGas = new LinkedHashMap<>();
        for (int size : BATCH_SIZES) {
            tokenGas.put(size, chargeAll(tokenBatches.get(size)));
            nativeGas.put(size, chargeAll(nativeBatches.get(size)));
        }

        String report = report(tokenGas, nativeGas);
        System.out.print(report);
        Path output = Path.of(System.getProperty("gas.report", "target/gas-report.md"));
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, report);

        assertThat(perItem(tokenGas, 100)).isLessThan(80_000);
        assertThat(perItem(nativeGas, 100)).isLessThan(80_000);
        // Batching pays: the per-item cost falls with the batch size.
        assertThat(perItem(tokenGas, 100)).isLessThan(perItem(tokenGas, 1));
    }

    private static List<BigInteger> subscribe(int count, String planHash, boolean nativePlan) {
        List<BigInteger> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (nativePlan) {
                Credentials subscriber = anvil.newAccount();
                ids.add(suite.subscriptions().activatedSubscriptionId(
                        suite.send(subscriber, suite.subscriptions().subscribe(planHash, PRICE.multiply(BigInteger.TWO)))));
            } else {
                ids.add(suite.subscribe(suite.subscriberWithTokens(PRICE.multiply(BigInteger.TWO)), planHash));
            }
        }
        return ids;
    }

    /** Charges every id in one batch, checks each was charged, and returns the transaction's gas. */
    private static BigInteger chargeAll(List<BigInteger> ids) {
        TransactionReceipt receipt = suite.send(suite.automation(), suite.subscriptions().chargeBatch(ids));
        assertThat(suite.subscriptions().chargeOutcomes(receipt))
                .hasSize(ids.size())
                .allMatch(SubscriptionEvent.Charged.class::isInstance);
        return receipt.getGasUsed();
    }

    private static long perItem(Map<Integer, BigInteger> gas, int size) {
        return gas.get(size).divide(BigInteger.valueOf(size)).longValueExact();
    }

    private static String report(Map<Integer, BigInteger> tokenGas, Map<Integer, BigInteger> nativeGas) {
        StringBuilder table = new StringBuilder();
        table.append("| batch size | ERC-20 plan: tx gas | ERC-20: gas per item | native plan: tx gas | native: gas per item |\n");
        table.append("|---:|---:|---:|---:|---:|\n");
        for (int size : BATCH_SIZES) {
            table.append("| ").append(size)
                    .append(" | ").append(tokenGas.get(size))
                    .append(" | ").append(perItem(tokenGas, size))
                    .append(" | ").append(nativeGas.get(size))
                    .append(" | ").append(perItem(nativeGas, size))
                    .append(" |\n");
        }
        long tokenMarginal = tokenGas.get(100).subtract(tokenGas.get(1)).divide(BigInteger.valueOf(99)).longValueExact();
        long nativeMarginal = nativeGas.get(100).subtract(nativeGas.get(1)).divide(BigInteger.valueOf(99)).longValueExact();
        table.append("\nMarginal gas per additional item (size 100 vs 1): ERC-20 ").append(tokenMarginal)
                .append(", native ").append(nativeMarginal).append(".\n");
        return table.toString();
    }
}

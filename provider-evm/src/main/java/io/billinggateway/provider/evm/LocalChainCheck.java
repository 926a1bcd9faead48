package io.billinggateway.provider.evm;

import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Warns once at start-up when the node is a local development chain whose blocks come only with transactions (Anvil's or
 * Hardhat's automine, the default) while the network waits for confirmations: a payment's block is then never buried
 * under the configured number of blocks until somebody mines, so the payment stays pending. A preset such as bsc (15
 * confirmations) pointed at {@code npx anvil --chain-id 56} is the usual way to get there.
 */
final class LocalChainCheck {
    /** Chain ids of local development chains (Anvil, Hardhat, Ganache). */
    static final Set<Long> LOCAL_CHAIN_IDS = Set.of(31_337L, 1_337L);
    private static final long PROBE_MILLIS = 3_000;

    private LocalChainCheck() {
    }

    /** Asks the node whether it automines and logs the warning when {@link #warning} has one; a node that does not answer is left alone. */
    static void warnIfConfirmationsCannotBeReached(EvmSettings settings, Web3jService rpc, System.Logger log) {
        if (settings.confirmations() == 0) {
            return;
        }
        warning(settings.network(), settings.evmChainId(), automine(rpc), settings.confirmations())
                .ifPresent(message -> log.log(System.Logger.Level.WARNING, message));
    }

    /**
     * The warning for a network, if it needs one.
     *
     * @param automine whether the node mines a block per transaction only; empty when it does not say (a production node)
     */
    static Optional<String> warning(String network, long chainId, Optional<Boolean> automine, int confirmations) {
        boolean automines = automine.orElse(false);
        boolean silentLocalChain = automine.isEmpty() && LOCAL_CHAIN_IDS.contains(chainId);
        if (confirmations == 0 || !automines && !silentLocalChain) {
            return Optional.empty();
        }
        String variable = "BILLING_NETWORKS_" + network.toUpperCase(Locale.ROOT).replace('-', '_') + "_CONFIRMATIONS";
        String node = automines ? "the node of network '" + network + "' (chain id " + chainId + ") mines a block only per transaction (automine)"
                : "the node of network '" + network + "' has the local chain id " + chainId + " and may mine a block only per transaction";
        return Optional.of(node + ", and the network waits for " + confirmations + " confirmation" + (confirmations == 1 ? "" : "s")
                + ": payments stay pending until that many more blocks are mined; set " + variable + "=0 for a local chain, run Anvil with "
                + "--block-time 1, or mine blocks by hand (cast rpc anvil_mine " + confirmations + "); see docs/networks/local-evm.md");
    }

    /** Anvil answers {@code anvil_getAutomine}, Hardhat {@code hardhat_getAutomine}; other nodes answer neither. */
    private static Optional<Boolean> automine(Web3jService rpc) {
        for (String method : List.of("anvil_getAutomine", "hardhat_getAutomine")) {
            try {
                AutomineResponse response = CompletableFuture.supplyAsync(() -> send(rpc, method)).get(PROBE_MILLIS, TimeUnit.MILLISECONDS);
                if (!response.hasError() && response.getResult() != null) {
                    return Optional.of(response.getResult());
                }
            }
            catch (Exception e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static AutomineResponse send(Web3jService rpc, String method) {
        try {
            return new Request<>(method, List.<Object>of(), rpc, AutomineResponse.class).send();
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The boolean answer of {@code *_getAutomine}. */
    public static final class AutomineResponse extends Response<Boolean> {
    }
}

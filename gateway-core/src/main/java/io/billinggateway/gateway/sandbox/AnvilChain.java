package io.billinggateway.gateway.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One local EVM chain of the sandbox: an Anvil process (the contracts module's pinned npm package) with the network's
 * chain id, a block every second (so confirmations arrive by themselves), its state kept in the sandbox home (a second
 * run finds the deployed suite again) and its cache in a temporary directory removed once it has exited. It listens on
 * a port the system chooses, read back from Anvil's "Listening on" line; its output goes to {@code logs/anvil-<network>.log}.
 *
 * @param developmentKeys Anvil's well-known development accounts' private keys, in order
 */
record AnvilChain(String network, long chainId, String rpcUrl, List<String> developmentKeys, boolean stateLoaded) {
    private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");
    private static final Pattern PRIVATE_KEY = Pattern.compile("^\\((\\d+)\\) (0x[0-9a-fA-F]{64})$");
    private static final int START_SECONDS = 60;

    static AnvilChain start(Path anvil, String network, long chainId, SandboxHome home, ChildProcesses children) throws IOException, SandboxException {
        Path state = home.anvilState(network);
        boolean stateLoaded = Files.isRegularFile(state) && Files.size(state) > 0;
        Path cache = Files.createTempDirectory("anvil-" + network + "-");
        List<String> command = new ArrayList<>(List.of(anvil.toString(), "--host", "127.0.0.1", "--port", "0",
                "--chain-id", Long.toString(chainId), "--block-time", "1", "--cache-path", cache.toString(),
                "--state", state.toString(), "--state-interval", "5"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        children.add("anvil " + network, process, () -> SandboxHome.deleteQuietly(cache));
        List<String> keys = new ArrayList<>();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(process, home.log("anvil-" + network), keys, url), "anvil-" + network);
        reader.setDaemon(true);
        reader.start();
        try {
            String rpc = url.get(START_SECONDS, TimeUnit.SECONDS);
            synchronized (keys) {
                return new AnvilChain(network, chainId, rpc, List.copyOf(keys), stateLoaded);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while Anvil started for " + network);
        }
        catch (Exception e) {
            throw new SandboxException("Anvil did not start for " + network + " (chain " + chainId + "); see " + home.log("anvil-" + network));
        }
    }

    private static void readOutput(Process process, Path log, List<String> keys, CompletableFuture<String> url) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter file = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = lines.readLine()) != null) {
                file.println(line);
                Matcher key = PRIVATE_KEY.matcher(line.strip());
                if (key.matches() && !url.isDone()) {
                    synchronized (keys) {
                        keys.add(key.group(2));
                    }
                }
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    url.complete("http://" + listening.group(1) + ":" + listening.group(2));
                }
            }
        }
        catch (IOException e) {
            url.completeExceptionally(e);
        }
        url.completeExceptionally(new IllegalStateException("Anvil exited"));
    }

    /** Whether contract code is deployed at {@code address} (a state file may name a suite of an earlier chain). */
    boolean hasCode(String address) throws IOException {
        String code = JsonRpc.call(rpcUrl, "eth_getCode", "[\"" + address + "\",\"latest\"]");
        return code.length() > 2;
    }

    /** Sets {@code address}'s native balance (wei). */
    void fund(String address, java.math.BigInteger wei) throws IOException {
        JsonRpc.call(rpcUrl, "anvil_setBalance", "[\"" + address + "\",\"0x" + wei.toString(16) + "\"]");
    }
}

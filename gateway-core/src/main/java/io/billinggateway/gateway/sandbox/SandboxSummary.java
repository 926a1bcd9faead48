package io.billinggateway.gateway.sandbox;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a running sandbox offers: printed as the welcome, and written to {@code sandbox.json} for the buyer script
 * ({@code tools/sandbox/buy.mjs}) so its commands stay short enough to copy.
 */
record SandboxSummary(String gatewayUrl, String mockPspUrl, Map<String, String> tokens, String walletAddress, String walletKey,
                      List<AnvilChain> chains) {

    String json() {
        String chainEntries = chains.stream()
                .map(chain -> quote(chain.network()) + ": {\"rpcUrl\": " + quote(chain.rpcUrl()) + ", \"chainId\": " + chain.chainId() + "}")
                .collect(Collectors.joining(",\n    "));
        String tokenEntries = tokens.entrySet().stream().map(token -> quote(token.getKey()) + ": " + quote(token.getValue()))
                .collect(Collectors.joining(",\n    "));
        return "{\n  \"gatewayUrl\": " + quote(gatewayUrl) + ",\n  \"mockPspUrl\": " + quote(mockPspUrl)
                + ",\n  \"product\": " + quote(DemoCatalog.PRODUCT) + ",\n  \"userToken\": " + quote(tokens.get("user"))
                + ",\n  \"tokens\": {\n    " + tokenEntries + "\n  },\n  \"wallet\": {\"address\": " + quote(walletAddress)
                + ", \"privateKey\": " + quote(walletKey) + "},\n  \"chains\": {\n    " + chainEntries + "\n  }\n}\n";
    }

    void printWelcome(PrintStream out, Path buyer, SandboxHome home, String elapsed) {
        out.println();
        out.println("  API       " + gatewayUrl + "/v1/billing/plans   (networks and health: " + gatewayUrl + "/v1/billing/networks)");
        out.println("  Swagger   " + gatewayUrl + "/swagger/billing-gateway.yml");
        out.println("  Mock PSP  " + mockPspUrl + "   (card 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined)");
        chains.forEach(chain -> out.println("  " + pad(chain.network(), 9) + " " + chain.rpcUrl() + "   (chain id " + chain.chainId() + ")"));
        out.println("Tokens (30 days; send as Authorization: Bearer TOKEN):");
        tokens.forEach((role, token) -> out.println("  " + pad(role, 14) + token));
        out.println("Test wallet " + walletAddress + " (10,000 ETH, BNB and POL; an Anvil development key, public knowledge)");
        out.println("  private key " + walletKey);
        out.println("Buy the one-time product '" + DemoCatalog.PRODUCT + "' (prints checkout, payment and confirmation):");
        out.println("  fiat:   node " + buyer + " --home " + home.root() + " fiat");
        out.println("  bsc:    node " + buyer + " --home " + home.root() + " bsc");
        out.println("  Solana: not in the sandbox yet (issue 18); see docs/sandbox.md");
        out.println("The whole lifecycle (plan, checkout, payment, webhook or chain event, ledger, audit), step by step:");
        out.println("  ./gateway e2e --home " + home.root() + " --network bsc");
        out.println("Configuration " + home.configuration() + ", logs " + home.root().resolve("logs"));
        // Last, so that whoever waits for it has the whole welcome.
        out.println("Billing gateway " + SandboxCommand.READY + " in " + elapsed + "; Ctrl-C stops the gateway and every chain.");
        out.flush();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

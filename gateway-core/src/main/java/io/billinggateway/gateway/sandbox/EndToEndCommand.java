package io.billinggateway.gateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code gateway e2e --network NAME [--home DIR]}: the whole lifecycle of one purchase against a running sandbox (seed
 * 004 §2.2), one line per step, so an operator sees which part of the path works: a plan created and registered, a
 * checkout, the payment (the mock PSP's card form, or the test wallet signing the payload with web3j), the webhook or
 * chain event that confirms it in the ledger, the staff view of the payment, and the plan's audit trail. The first
 * failing step is one line and exit status 1. The gateway's URL, tokens and wallet come from the sandbox's
 * {@code sandbox.json}.
 */
public final class EndToEndCommand {
    public static final String NAME = "e2e";
    static final String USAGE = "usage: gateway e2e --network NAME [--home DIR]";
    private static final Duration CONFIRMATION_TIMEOUT = Duration.ofSeconds(90);
    private static final String CHAIN_PRICE = "1000000000000000";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final JsonNode sandbox;
    private final String network;
    private final PrintStream out;
    private int step;

    private EndToEndCommand(JsonNode sandbox, String network, PrintStream out) {
        this.sandbox = sandbox;
        this.network = network;
        this.out = out;
    }

    public static int run(List<String> arguments, PrintStream out, PrintStream err) {
        String network = null;
        Path home = Toolchain.findRoot().resolve("sandbox");
        for (int index = 0; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            if (index + 1 >= arguments.size() || !(argument.equals("--network") || argument.equals("--home"))) {
                err.println("gateway e2e: " + (argument.startsWith("--") ? argument + " needs a value or is unknown" : "unexpected " + argument) + "; " + USAGE);
                return 2;
            }
            String value = arguments.get(++index);
            if (argument.equals("--network")) {
                network = value;
            }
            else {
                home = Path.of(value);
            }
        }
        if (network == null) {
            err.println("gateway e2e: --network is required (fiat, ethereum, bsc or polygon); " + USAGE);
            return 2;
        }
        try {
            JsonNode sandbox = new ObjectMapper().readTree(Files.readString(home.resolve("sandbox.json")));
            if (!network.equals("fiat") && !sandbox.path("chains").has(network)) {
                err.println("gateway e2e: the sandbox runs no network named " + network + "; fiat, ethereum, bsc or polygon");
                return 2;
            }
            new EndToEndCommand(sandbox, network, out).lifecycle();
            out.println("e2e on " + network + ": every step passed");
            return 0;
        }
        catch (IOException e) {
            err.println("gateway e2e: cannot read " + home.resolve("sandbox.json") + " (" + e.getMessage() + "); start ./gateway sandbox first");
            return 1;
        }
        catch (StepFailed e) {
            err.println("gateway e2e: " + e.getMessage());
            return 1;
        }
    }

    /** The first step that did not do what it should, as one line. */
    private static final class StepFailed extends Exception {
        StepFailed(String message) {
            super(message);
        }
    }

    private void lifecycle() throws StepFailed {
        String slug = "e2e-" + network + "-" + System.currentTimeMillis();
        String price = network.equals("fiat") ? "{\"network\": \"fiat\", \"asset\": \"USD\", \"amount\": \"100\"}"
                : "{\"network\": \"" + network + "\", \"asset\": \"" + nativeCode() + "\", \"amount\": \"" + CHAIN_PRICE + "\"}";
        JsonNode plan = call("POST", "/v1/billing/admin/plans", "billing_admin",
                "{\"slug\": \"" + slug + "\", \"name\": \"End-to-end " + network + "\", \"prices\": [" + price + "]}", 201);
        report("plan", slug + " created, registration on " + network + ": " + plan.path("networks").path(0).path("status").asText("?"));
        JsonNode checkout = call("POST", "/v1/billing/checkout", "user", "{\"plan\": \"" + slug + "\", \"network\": \"" + network
                + "\", \"payerAccount\": \"" + sandbox.path("wallet").path("address").asText() + "\"}", 201);
        String ledgerId = checkout.path("ledgerId").asText();
        JsonNode payload = checkout.path("payload");
        report("checkout", "payment " + ledgerId + " " + checkout.path("status").asText() + ", payload " + payload.path("type").asText());
        long started = System.nanoTime();
        report("payment", payload.path("type").asText().equals("redirect") ? payByCard(payload.path("url").asText()) : payByWallet(payload));
        JsonNode confirmed = awaitConfirmation(ledgerId);
        report(network.equals("fiat") ? "webhook" : "chain event", "the ledger shows " + confirmed.path("status").asText() + " "
                + confirmed.path("amount").asText() + " " + confirmed.path("token").asText()
                + (confirmed.hasNonNull("txHash") ? " tx " + confirmed.path("txHash").asText() : "")
                + String.format(Locale.ROOT, " after %.1f s", (System.nanoTime() - started) / 1e9));
        JsonNode detail = call("GET", "/v1/billing/admin/payments/" + ledgerId, "support", null, 200);
        report("ledger", "staff view: " + detail.path("payment").path("status").asText() + (detail.hasNonNull("explorerUrl") ? ", " + detail.path("explorerUrl").asText() : ""));
        report("outbox event", "not checked: the outbox is delivered to webhook endpoints and has no read API yet");
        JsonNode audit = call("GET", "/v1/billing/admin/plans/" + plan.path("id").asText() + "/audit", "support", null, 200);
        report("audit", audit.size() + " entr" + (audit.size() == 1 ? "y" : "ies") + " for the plan"
                + (audit.size() > 0 ? ", first: " + audit.path(0).path("action").asText() + " by " + audit.path(0).path("actor").asText() : ""));
    }

    private String nativeCode() {
        return switch (network) {
            case "bsc" -> "BNB";
            case "polygon" -> "POL";
            default -> "ETH";
        };
    }

    private String payByCard(String url) throws StepFailed {
        HttpResponse<String> paid = send(HttpRequest.newBuilder(URI.create(url + "/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("card=" + URLEncoder.encode("4242424242424242", StandardCharsets.UTF_8))));
        if (paid.statusCode() != 200) {
            throw new StepFailed("payment: the mock PSP answered " + paid.statusCode() + ": " + paid.body());
        }
        return "paid on the mock PSP's page with the test card";
    }

    private String payByWallet(JsonNode payload) throws StepFailed {
        String rpcUrl = sandbox.path("chains").path(network).path("rpcUrl").asText();
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            long chainId = Long.parseLong(payload.path("chainId").asText().replace("eip155:", ""));
            Credentials wallet = Credentials.create(sandbox.path("wallet").path("privateKey").asText().substring(2));
            BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
            EthSendTransaction sent = new RawTransactionManager(web3j, wallet, chainId).sendTransaction(gasPrice,
                    new BigInteger(payload.path("gas").asText()), payload.path("to").asText(), payload.path("data").asText(),
                    new BigInteger(payload.path("value").asText()));
            if (sent.hasError()) {
                throw new StepFailed("payment: the chain refused the transaction: " + sent.getError().getMessage());
            }
            return "the test wallet signed and sent " + sent.getTransactionHash();
        }
        catch (IOException e) {
            throw new StepFailed("payment: " + network + "'s RPC endpoint " + rpcUrl + " did not answer: " + e.getMessage());
        }
        finally {
            web3j.shutdown();
        }
    }

    private JsonNode awaitConfirmation(String ledgerId) throws StepFailed {
        long deadline = System.nanoTime() + CONFIRMATION_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode payment : call("GET", "/v1/billing/me/history?limit=50", "user", null, 200)) {
                if (payment.path("id").asText().equals(ledgerId) && !payment.path("status").asText().equals("pending")) {
                    if (!payment.path("status").asText().equals("confirmed")) {
                        throw new StepFailed("ledger: payment " + ledgerId + " is " + payment.path("status").asText() + ": " + payment.path("failureReason").asText(""));
                    }
                    return payment;
                }
            }
            try {
                Thread.sleep(500);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailed("interrupted while waiting for the payment's confirmation");
            }
        }
        throw new StepFailed("ledger: payment " + ledgerId + " is still pending after " + CONFIRMATION_TIMEOUT.toSeconds() + " s");
    }

    private void report(String what, String result) {
        step++;
        out.println("[" + step + "] " + what + ": " + result);
        out.flush();
    }

    private JsonNode call(String method, String path, String role, String body, int expected) throws StepFailed {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.path("gatewayUrl").asText() + path))
                .header("Authorization", "Bearer " + sandbox.path("tokens").path(role).asText())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (method.equals("POST")) {
            request.header("Idempotency-Key", "e2e-" + UUID.randomUUID());
        }
        HttpResponse<String> response = send(request);
        if (response.statusCode() != expected) {
            throw new StepFailed(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return json.readTree(response.body());
        }
        catch (IOException e) {
            throw new StepFailed(method + " " + path + " answered no JSON: " + response.body());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws StepFailed {
        try {
            return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new StepFailed("the gateway at " + sandbox.path("gatewayUrl").asText() + " did not answer (" + e.getMessage() + "); is the sandbox running?");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailed("interrupted");
        }
    }
}

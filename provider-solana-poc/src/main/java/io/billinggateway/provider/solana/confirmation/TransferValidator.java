package io.billinggateway.provider.solana.confirmation;

import io.billinggateway.provider.solana.json.JsonException;
import io.billinggateway.provider.solana.json.JsonObject;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Judges a transaction (as {@code getTransaction} returns it in {@code jsonParsed} encoding) against the transfer a
 * checkout asked for, from what the transaction did to balances, not from what its instructions say: the
 * runtime's {@code preBalances}/{@code postBalances} for SOL and {@code preTokenBalances}/{@code postTokenBalances}
 * (which name each token account's owner and mint) for tokens. So a transfer wrapped in another program, or split
 * over several instructions, is judged by its effect, as Solana Pay's own {@code validateTransfer} does.
 *
 * <p>The amount must be exact: a Solana Pay URL fixes it, and wallets do not let payers change it.
 */
public final class TransferValidator {
    private static final String NATIVE = "";

    private TransferValidator() {
    }

    /** @throws JsonException when the transaction lacks the fields every {@code jsonParsed} transaction has */
    public static TransferVerdict judge(JsonObject transaction, ExpectedTransfer expected) {
        requireNonNull(transaction, "transaction is null");
        requireNonNull(expected, "expected is null");
        JsonObject meta = transaction.object("meta");
        if (meta.has("err")) {
            return new TransferVerdict.Irrelevant("the transaction failed on chain");
        }
        List<String> accounts = accountKeys(transaction, meta);
        if (!accounts.contains(expected.reference())) {
            return new TransferVerdict.Irrelevant("the transaction does not carry the reference " + expected.reference());
        }

        // Credits by (owner, asset): what each wallet received in SOL (asset "") or in a token (asset = mint).
        Map<Credit, BigInteger> credits = new LinkedHashMap<>();
        List<?> before = meta.array("preBalances");
        List<?> after = meta.array("postBalances");
        for (int index = 0; index < accounts.size() && index < before.size() && index < after.size(); index++) {
            BigInteger change = lamports(after.get(index)).subtract(lamports(before.get(index)));
            credits.merge(new Credit(accounts.get(index), NATIVE), change, BigInteger::add);
        }
        Map<Integer, TokenBalance> tokensBefore = tokenBalances(meta, "preTokenBalances");
        Map<Integer, TokenBalance> tokensAfter = tokenBalances(meta, "postTokenBalances");
        for (Map.Entry<Integer, TokenBalance> entry : tokensAfter.entrySet()) {
            TokenBalance now = entry.getValue();
            BigInteger was = Optional.ofNullable(tokensBefore.get(entry.getKey())).map(TokenBalance::amount).orElse(BigInteger.ZERO);
            credits.merge(new Credit(now.owner(), now.mint()), now.amount().subtract(was), BigInteger::add);
        }
        credits.values().removeIf(change -> change.signum() <= 0);

        String asset = expected.mint().orElse(NATIVE);
        BigInteger received = credits.getOrDefault(new Credit(expected.recipient(), asset), BigInteger.ZERO);
        String expectedText = expected.amount() + " " + describe(expected, asset);
        if (received.equals(expected.amount())) {
            return new TransferVerdict.Paid(received);
        }
        if (received.signum() > 0) {
            return new TransferVerdict.Rejected("wrong amount: the recipient received " + received + " " + describe(expected, asset) + " but " + expectedText + " was asked");
        }
        List<String> otherAssets = credits.keySet().stream()
                .filter(credit -> credit.owner().equals(expected.recipient()))
                .map(credit -> describe(expected, credit.asset()))
                .toList();
        if (!otherAssets.isEmpty()) {
            return new TransferVerdict.Rejected("wrong token: the recipient received " + String.join(", ", otherAssets) + " instead of " + expectedText);
        }
        List<String> otherRecipients = credits.keySet().stream()
                .filter(credit -> credit.asset().equals(asset))
                .map(Credit::owner)
                .toList();
        if (!otherRecipients.isEmpty()) {
            return new TransferVerdict.Rejected("wrong recipient: the transfer credited " + String.join(", ", otherRecipients) + " instead of the recipient "
                    + expected.recipient());
        }
        return new TransferVerdict.Rejected("the transaction carries the reference but moved no " + describe(expected, asset) + " to the recipient " + expected.recipient());
    }

    private static String describe(ExpectedTransfer expected, String asset) {
        if (asset.equals(expected.mint().orElse(NATIVE))) {
            return asset.equals(NATIVE) ? "lamports of " + expected.assetCode() : "base units of " + expected.assetCode() + " (mint " + asset + ")";
        }
        return asset.equals(NATIVE) ? "lamports of SOL" : "base units of mint " + asset;
    }

    /** Every account of the transaction in index order: listed keys, then keys loaded from lookup tables. */
    private static List<String> accountKeys(JsonObject transaction, JsonObject meta) {
        List<String> keys = new ArrayList<>();
        boolean parsedForm = false;
        for (Object key : transaction.object("transaction").object("message").array("accountKeys")) {
            if (key instanceof String address) {
                keys.add(address);
            }
            else if (key instanceof Map<?, ?> map) {
                keys.add(JsonObject.of(map).string("pubkey"));
                parsedForm = true;
            }
            else {
                throw new JsonException("accountKeys must hold strings or objects");
            }
        }
        // In the jsonParsed form the loaded addresses are already listed; in the json form they follow in meta.
        if (!parsedForm && meta.has("loadedAddresses")) {
            JsonObject loaded = meta.object("loadedAddresses");
            loaded.array("writable").forEach(address -> keys.add((String) address));
            loaded.array("readonly").forEach(address -> keys.add((String) address));
        }
        return keys;
    }

    private static Map<Integer, TokenBalance> tokenBalances(JsonObject meta, String name) {
        Map<Integer, TokenBalance> balances = new LinkedHashMap<>();
        if (!meta.has(name)) {
            return balances;
        }
        for (JsonObject balance : meta.objects(name)) {
            if (!balance.has("owner")) {
                continue;
            }
            balances.put(balance.integer("accountIndex").intValueExact(),
                    new TokenBalance(balance.string("mint"), balance.string("owner"), balance.object("uiTokenAmount").integer("amount")));
        }
        return balances;
    }

    private static BigInteger lamports(Object value) {
        if (value instanceof java.math.BigDecimal number) {
            return number.toBigIntegerExact();
        }
        throw new JsonException("balances must be integers");
    }

    private record Credit(String owner, String asset) {
    }

    private record TokenBalance(String mint, String owner, BigInteger amount) {
    }
}

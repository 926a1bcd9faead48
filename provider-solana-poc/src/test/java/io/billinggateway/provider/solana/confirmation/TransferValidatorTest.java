package io.billinggateway.provider.solana.confirmation;

import io.billinggateway.provider.solana.json.Json;
import io.billinggateway.provider.solana.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The judgement of transactions in shapes a real node returns that the test chain does not produce: the {@code json}
 * encoding with addresses loaded from lookup tables, failed transactions, token accounts opened in the paying
 * transaction, and a transaction that carries the reference but pays nobody.
 */
class TransferValidatorTest {
    private static final String PAYER = "3csmhTbcJEBgscgw1evoZwLoXiPMnPYDmDmtgqR2qb8q";
    private static final String RECIPIENT = "9Wzdxq2cyY6Kx7zDLDGQ7bBUWvXoNkzQc3ms7SE3fhGr";
    private static final String REFERENCE = "82ZJ7nbGpixjeDCmEhUcmwXYfvurzAgGdtSMuHnUgyny";
    private static final String MINT = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
    private static final String PAYER_TOKEN_ACCOUNT = "8VdLEARgt6BCbuVETh8AmEKTuHS7PcKEwya72QrFoWvY";
    private static final String RECIPIENT_TOKEN_ACCOUNT = "Ehf3L8sz3mEzjkhBmqakUDKbQbGUjLp1ALuNPVy64C1H";
    private static final ExpectedTransfer SOL = new ExpectedTransfer(REFERENCE, RECIPIENT, Optional.empty(), BigInteger.valueOf(1999), "SOL");
    private static final ExpectedTransfer USDC = new ExpectedTransfer(REFERENCE, RECIPIENT, Optional.of(MINT), BigInteger.valueOf(2_500_000), "USDC");

    @Test
    void exactSolTransferIsPaid() {
        JsonObject transaction = parsedTransaction("null", "[1000000, 5000, 1, 0]", "[993001, 6999, 1, 0]", "[]", "[]");

        assertThat(TransferValidator.judge(transaction, SOL)).isEqualTo(new TransferVerdict.Paid(BigInteger.valueOf(1999)));
    }

    @Test
    void failedTransactionIsIrrelevant() {
        JsonObject transaction = parsedTransaction("{\"InstructionError\":[0,{\"Custom\":1}]}", "[1000000, 5000, 1, 0]", "[995000, 5000, 1, 0]", "[]", "[]");

        assertThat(TransferValidator.judge(transaction, SOL)).isInstanceOf(TransferVerdict.Irrelevant.class);
    }

    @Test
    void referenceLoadedFromALookupTableCounts() {
        JsonObject transaction = Json.parseObject("""
                {"slot": 5, "meta": {"err": null, "preBalances": [1000000, 5000, 1], "postBalances": [993001, 6999, 1],
                  "loadedAddresses": {"writable": [], "readonly": ["%s"]}},
                 "transaction": {"message": {"accountKeys": ["%s", "%s", "11111111111111111111111111111111"]}}}"""
                .formatted(REFERENCE, PAYER, RECIPIENT));

        assertThat(TransferValidator.judge(transaction, SOL)).isEqualTo(new TransferVerdict.Paid(BigInteger.valueOf(1999)));
    }

    @Test
    void transactionWithoutTheReferenceIsIrrelevant() {
        JsonObject transaction = Json.parseObject("""
                {"meta": {"err": null, "preBalances": [1000000, 5000], "postBalances": [993001, 6999]},
                 "transaction": {"message": {"accountKeys": [{"pubkey": "%s"}, {"pubkey": "%s"}]}}}""".formatted(PAYER, RECIPIENT));

        assertThat(TransferValidator.judge(transaction, SOL)).isEqualTo(new TransferVerdict.Irrelevant("the transaction does not carry the reference " + REFERENCE));
    }

    @Test
    void tokenPaidIntoAnAccountOpenedInTheSameTransactionIsPaid() {
        String before = "[" + tokenBalance(1, PAYER, "10000000") + "]";
        String after = "[" + tokenBalance(1, PAYER, "7500000") + "," + tokenBalance(2, RECIPIENT, "2500000") + "]";
        JsonObject transaction = parsedTransaction("null", "[1000000, 2039280, 0, 0]", "[-1, 2039280, 2039280, 0]".replace("-1", "994720"), before, after);

        assertThat(TransferValidator.judge(transaction, USDC)).isEqualTo(new TransferVerdict.Paid(BigInteger.valueOf(2_500_000)));
    }

    @Test
    void referenceWithoutAnyPaymentIsRejected() {
        JsonObject transaction = parsedTransaction("null", "[1000000, 5000, 1, 0]", "[995000, 5000, 1, 0]", "[]", "[]");

        assertThat(TransferValidator.judge(transaction, SOL)).isEqualTo(new TransferVerdict.Rejected(
                "the transaction carries the reference but moved no lamports of SOL to the recipient " + RECIPIENT));
    }

    /** Account keys: payer, recipient (or the token accounts for token balances), a program, the reference. */
    private static JsonObject parsedTransaction(String error, String preBalances, String postBalances, String preTokenBalances, String postTokenBalances) {
        return Json.parseObject("""
                {"slot": 7, "blockTime": 1893456000,
                 "meta": {"err": %s, "fee": 5000, "preBalances": %s, "postBalances": %s, "preTokenBalances": %s, "postTokenBalances": %s},
                 "transaction": {"signatures": ["sig"], "message": {"accountKeys": [
                   {"pubkey": "%s", "signer": true, "writable": true, "source": "transaction"},
                   {"pubkey": "%s", "signer": false, "writable": true, "source": "transaction"},
                   {"pubkey": "%s", "signer": false, "writable": true, "source": "transaction"},
                   {"pubkey": "%s", "signer": false, "writable": false, "source": "transaction"}]}}}"""
                .formatted(error, preBalances, postBalances, preTokenBalances, postTokenBalances,
                        PAYER, preTokenBalances.equals("[]") && postTokenBalances.equals("[]") ? RECIPIENT : PAYER_TOKEN_ACCOUNT,
                        preTokenBalances.equals("[]") && postTokenBalances.equals("[]") ? "11111111111111111111111111111111" : RECIPIENT_TOKEN_ACCOUNT,
                        REFERENCE));
    }

    private static String tokenBalance(int accountIndex, String owner, String amount) {
        return """
                {"accountIndex": %d, "mint": "%s", "owner": "%s", "programId": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
                 "uiTokenAmount": {"amount": "%s", "decimals": 6, "uiAmountString": "x"}}""".formatted(accountIndex, MINT, owner, amount);
    }
}

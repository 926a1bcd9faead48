package io.billinggateway.provider.solana.pay;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransferRequestTest {
    private static final String RECIPIENT = "9Wzdxq2cyY6Kx7zDLDGQ7bBUWvXoNkzQc3ms7SE3fhGr";
    private static final String MINT = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
    private static final String REFERENCE = "82ZJ7nbGpixjeDCmEhUcmwXYfvurzAgGdtSMuHnUgyny";

    @Test
    void wholeUnitsAreExactPlainDecimals() {
        assertThat(TransferRequest.wholeUnits(BigInteger.valueOf(1_999), 9).toPlainString()).isEqualTo("0.000001999");
        assertThat(TransferRequest.wholeUnits(BigInteger.valueOf(1_000_000_000), 9).toPlainString()).isEqualTo("1");
        assertThat(TransferRequest.wholeUnits(BigInteger.valueOf(10_000_000_000L), 9).toPlainString()).isEqualTo("10");
        assertThat(TransferRequest.wholeUnits(BigInteger.valueOf(1_500_000), 6).toPlainString()).isEqualTo("1.5");
        assertThat(TransferRequest.wholeUnits(BigInteger.ONE, 9).toPlainString()).isEqualTo("0.000000001");
        assertThat(TransferRequest.wholeUnits(new BigInteger("18446744073709551615"), 9).toPlainString()).isEqualTo("18446744073.709551615");
        assertThat(TransferRequest.wholeUnits(BigInteger.valueOf(42), 0).toPlainString()).isEqualTo("42");
    }

    @Test
    void writesTheSolanaPayTransferRequestFormat() {
        TransferRequest request = new TransferRequest(RECIPIENT, new BigDecimal("12.5"), Optional.of(MINT), REFERENCE,
                Optional.of("Billing & Co"), Optional.of("Pro plan: 1 month"), Optional.of("ledger-42"));

        assertThat(request.toUri().toString()).isEqualTo("solana:" + RECIPIENT + "?amount=12.5&spl-token=" + MINT + "&reference=" + REFERENCE
                + "&label=Billing+%26+Co&message=Pro+plan%3A+1+month&memo=ledger-42");
    }

    @Test
    void leavesOutWhatIsNotThere() {
        TransferRequest request = new TransferRequest(RECIPIENT, new BigDecimal("0.000001999"), Optional.empty(), REFERENCE,
                Optional.empty(), Optional.empty(), Optional.empty());

        assertThat(request.toUri().toString()).isEqualTo("solana:" + RECIPIENT + "?amount=0.000001999&reference=" + REFERENCE);
    }

    @Test
    void refusesWhatNoWalletAccepts() {
        assertThatThrownBy(() -> new TransferRequest("0xdead", BigDecimal.ONE, Optional.empty(), REFERENCE, Optional.empty(), Optional.empty(), Optional.empty()))
                .hasMessageContaining("recipient must be a base58 Solana address");
        assertThatThrownBy(() -> new TransferRequest(RECIPIENT, BigDecimal.ZERO, Optional.empty(), REFERENCE, Optional.empty(), Optional.empty(), Optional.empty()))
                .hasMessageContaining("positive amount");
        TransferRequest tooLong = new TransferRequest(RECIPIENT, BigDecimal.ONE, Optional.empty(), REFERENCE, Optional.empty(), Optional.of("x".repeat(2100)),
                Optional.empty());
        assertThatThrownBy(tooLong::toUri).hasMessageContaining("wallets accept at most 2048");
    }
}

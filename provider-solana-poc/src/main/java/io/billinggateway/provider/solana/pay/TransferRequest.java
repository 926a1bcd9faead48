package io.billinggateway.provider.solana.pay;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A Solana Pay transfer request (https://docs.solanapay.com/spec):
 * {@code solana:<recipient>?amount=<decimal>&spl-token=<mint>&reference=<key>&label=..&message=..&memo=..}.
 *
 * @param recipient the base58 address that receives SOL, or whose associated token account receives the token
 * @param amount whole units (SOL, or tokens), exact: never more decimals than the asset has
 * @param splToken the token's mint; empty for SOL
 * @param reference the base58 key the wallet adds to the transfer as a read-only account
 * @param label who is asking (the merchant), shown by the wallet
 * @param message what for, shown by the wallet
 * @param memo recorded on chain by the SPL Memo program; public forever, so never personal data
 */
public record TransferRequest(String recipient, BigDecimal amount, Optional<String> splToken, String reference,
                              Optional<String> label, Optional<String> message, Optional<String> memo) {
    /** Wallets refuse longer URLs (Solana Pay's reference parser does). */
    public static final int MAX_LENGTH = 2048;

    public TransferRequest {
        requireAddress(recipient, "recipient");
        requireNonNull(amount, "amount is null");
        requireNonNull(splToken, "splToken is null");
        requireAddress(reference, "reference");
        requireNonNull(label, "label is null");
        requireNonNull(message, "message is null");
        requireNonNull(memo, "memo is null");
        splToken.ifPresent(mint -> requireAddress(mint, "splToken"));
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a transfer request asks for a positive amount, got " + amount.toPlainString());
        }
    }

    /**
     * The whole-unit decimal of an integer amount of the smallest unit, exact and without trailing zeros or
     * exponent: 1999 lamports (9 decimals) is {@code 0.000001999}, 1500000 of a 6-decimal token is {@code 1.5}.
     */
    public static BigDecimal wholeUnits(BigInteger minorUnits, int decimals) {
        requireNonNull(minorUnits, "minorUnits is null");
        BigDecimal value = new BigDecimal(minorUnits, decimals).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    public URI toUri() {
        StringBuilder uri = new StringBuilder("solana:").append(recipient);
        uri.append("?amount=").append(amount.toPlainString());
        splToken.ifPresent(mint -> uri.append("&spl-token=").append(mint));
        uri.append("&reference=").append(reference);
        label.ifPresent(value -> uri.append("&label=").append(encode(value)));
        message.ifPresent(value -> uri.append("&message=").append(encode(value)));
        memo.ifPresent(value -> uri.append("&memo=").append(encode(value)));
        if (uri.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the transfer request URL has " + uri.length() + " characters; wallets accept at most " + MAX_LENGTH
                    + " (shorten the label, message or memo)");
        }
        return URI.create(uri.toString());
    }

    /** Form encoding, as Solana Pay's own {@code encodeURL} writes query values (a space is {@code +}). */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void requireAddress(String value, String name) {
        requireNonNull(value, name + " is null");
        if (!Base58.isAddress(value)) {
            throw new IllegalArgumentException(name + " must be a base58 Solana address of 32 bytes, got '" + value + "'");
        }
    }
}

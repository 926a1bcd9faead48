package io.billinggateway.spi;

import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Something a network can move: a native coin, a token, or a fiat currency.
 *
 * @param code the asset's code on its network, unique per network ({@code ETH}, {@code USDT}, {@code USD})
 * @param decimals how many of the smallest unit make one whole unit is {@code 10^decimals}
 *                 (18 for ETH, 6 for USDC, 2 for USD)
 * @param address the token contract or mint address; empty for a native coin or a fiat currency
 */
public record Asset(String code, int decimals, Optional<String> address) {
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9.\\-]{1,16}");

    public Asset {
        requireNonNull(code, "code is null");
        requireNonNull(address, "address is null");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("asset code must be 1-16 letters, digits, '.' or '-', got '" + code + "'");
        }
        if (decimals < 0 || decimals > 36) {
            throw new IllegalArgumentException("asset decimals must be between 0 and 36, got " + decimals);
        }
        address.ifPresent(value -> {
            if (value.isBlank()) {
                throw new IllegalArgumentException("asset address must not be blank; use Optional.empty() for a native asset");
            }
        });
    }

    public static Asset nativeAsset(String code, int decimals) {
        return new Asset(code, decimals, Optional.empty());
    }

    public static Asset token(String code, int decimals, String address) {
        return new Asset(code, decimals, Optional.of(requireNonNull(address, "address is null")));
    }

    /**
     * The CAIP-19 asset type on the given chain: {@code eip155:1/erc20:0x...} for an ERC-20 token,
     * {@code eip155:1/slip44:60} is not derived here (native coins have no address), so a native or fiat
     * asset is written {@code <chainId>/native:<code>}.
     */
    public String caip19(ChainId chainId) {
        requireNonNull(chainId, "chainId is null");
        if (address.isPresent()) {
            String namespace = chainId.isEvm() ? "erc20" : "token";
            return chainId + "/" + namespace + ":" + address.get();
        }
        return chainId + "/native:" + code;
    }
}

package io.billinggateway.gateway.overview;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Integer minor units per {@link Asset}; adds only amounts of the same asset. Not thread-safe: built by one report. */
final class AssetAmounts {
    private final Map<Asset, BigInteger> amounts = new TreeMap<>();

    /** One asset's amount as the API writes it: integer minor units as a string. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Entry(String network, String token, String amount) {
    }

    /** One asset's amount in this window and the previous one; {@code delta} is {@code value - previous}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Change(String network, String token, String value, String previous, String delta) {
    }

    AssetAmounts add(Asset asset, BigInteger amount) {
        if (amount != null) {
            amounts.merge(asset, amount, BigInteger::add);
        }
        return this;
    }

    AssetAmounts addAll(AssetAmounts other) {
        other.amounts.forEach(this::add);
        return this;
    }

    AssetAmounts subtract(AssetAmounts other) {
        other.amounts.forEach((asset, amount) -> add(asset, amount.negate()));
        return this;
    }

    BigInteger get(Asset asset) {
        return amounts.getOrDefault(asset, BigInteger.ZERO);
    }

    Set<Asset> assets() {
        return Collections.unmodifiableSet(amounts.keySet());
    }

    List<Entry> entries() {
        return amounts.entrySet().stream().map(entry -> new Entry(entry.getKey().network(), entry.getKey().token(), entry.getValue().toString())).toList();
    }

    /** Every asset present in either window, in asset order. */
    static List<Change> changes(AssetAmounts current, AssetAmounts previous) {
        Set<Asset> assets = new TreeSet<>(current.amounts.keySet());
        assets.addAll(previous.amounts.keySet());
        return assets.stream().map(asset -> {
            BigInteger value = current.get(asset);
            BigInteger before = previous.get(asset);
            return new Change(asset.network(), asset.token(), value.toString(), before.toString(), value.subtract(before).toString());
        }).toList();
    }
}

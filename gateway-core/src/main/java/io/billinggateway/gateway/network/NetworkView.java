package io.billinggateway.gateway.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.spi.Asset;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.HealthReport;
import io.billinggateway.spi.NetworkDescription;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * One network in the catalog.
 *
 * @param name the operator's name for the network
 * @param providerId the provider serving it
 * @param chainId its CAIP-2 chain id
 * @param assets what can be paid with
 * @param capabilities what the provider can do here
 * @param confirmations blocks before an on-chain event is final
 * @param maxBatchSize most charges per provider call
 * @param billingPeriods {@code calendar} when plans here may bill whole months on the subscriber's day of the month
 *                       ({@code P1M}, {@code P1Y}; capability {@code CALENDAR_PERIODS}), {@code fixed} when the network
 *                       bills every N days only ({@code P30D})
 * @param health the network's health when the catalog was read
 */
@Serdeable
public record NetworkView(
        String name,
        String providerId,
        String chainId,
        List<AssetView> assets,
        List<Capability> capabilities,
        int confirmations,
        int maxBatchSize,
        String billingPeriods,
        HealthView health) {

    /** @param caip19 the CAIP-19 asset id */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AssetView(String code, int decimals, String address, String caip19) {
        static AssetView of(Asset asset, NetworkDescription description) {
            return new AssetView(asset.code(), asset.decimals(), asset.address().orElse(null), asset.caip19(description.chainId()));
        }
    }

    /** @param latencyMillis how long the provider's last probe took */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HealthView(HealthReport.Status status, Long latencyMillis, String activeEndpoint, Map<String, String> details) {
        static HealthView of(HealthReport report) {
            return new HealthView(report.status(), report.latency().map(java.time.Duration::toMillis).orElse(null),
                    report.activeEndpoint().orElse(null), report.details());
        }
    }

    static NetworkView of(RoutedNetwork network, HealthReport health) {
        NetworkDescription description = network.describe();
        return new NetworkView(
                network.name(),
                network.providerId(),
                network.chainId().toString(),
                description.assets().stream().map(asset -> AssetView.of(asset, description)).toList(),
                description.capabilities().stream().sorted().toList(),
                description.confirmations(),
                description.maxBatchSize(),
                description.supports(Capability.CALENDAR_PERIODS) ? "calendar" : "fixed",
                HealthView.of(health));
    }
}

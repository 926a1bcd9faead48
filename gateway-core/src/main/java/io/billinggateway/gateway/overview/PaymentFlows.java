package io.billinggateway.gateway.overview;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The payment figures of one window (docs/analytics.md, payments and revenue), kept per network so that the dashboard
 * (all networks) and {@code /networks} (one each) read the same numbers.
 *
 * @param created payments created in the window, per network and status
 * @param revenue amounts of payments confirmed in the window, per asset
 * @param refunds amounts of refunds made in the window, per asset of the refunded payment
 * @param refundCount refunds made in the window
 * @param fees fees of renewals charged in the window, per asset
 * @param attempts charge attempts recorded in the window, per network and outcome
 */
record PaymentFlows(Map<String, Map<String, Long>> created, AssetAmounts revenue, AssetAmounts refunds, long refundCount, AssetAmounts fees,
                    Map<String, Map<String, Long>> attempts) {
    private static final Set<String> SUCCEEDED = Set.of("confirmed", "refunded");

    long payments(String network) {
        return sum(created, network, status -> true);
    }

    long failed(String network) {
        return sum(created, network, "failed"::equals);
    }

    long succeeded(String network) {
        return sum(created, network, SUCCEEDED::contains);
    }

    long attempts(String network, String outcome) {
        return sum(attempts, network, outcome::equals);
    }

    AssetAmounts netRevenue() {
        return new AssetAmounts().addAll(revenue).subtract(refunds).subtract(fees);
    }

    /** Networks that have any payment or charge attempt in the window. */
    Set<String> networks() {
        Map<String, Boolean> networks = new TreeMap<>();
        created.keySet().forEach(network -> networks.put(network, true));
        attempts.keySet().forEach(network -> networks.put(network, true));
        revenue.assets().forEach(asset -> networks.put(asset.network(), true));
        return networks.keySet();
    }

    /** {@code network} null: every network. */
    private static long sum(Map<String, Map<String, Long>> counts, String network, java.util.function.Predicate<String> key) {
        return counts.entrySet().stream().filter(entry -> network == null || entry.getKey().equals(network))
                .flatMap(entry -> entry.getValue().entrySet().stream()).filter(entry -> key.test(entry.getKey())).mapToLong(Map.Entry::getValue).sum();
    }
}

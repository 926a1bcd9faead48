package io.billinggateway.spi;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Due subscriptions to charge in one call: at least one, at most the network's
 * {@link NetworkDescription#maxBatchSize()}, each subscription at most once.
 */
public record ChargeBatchRequest(List<ChargeItem> items) {
    public ChargeBatchRequest {
        items = List.copyOf(requireNonNull(items, "items is null"));
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a charge batch needs at least one item");
        }
        Set<String> seen = new HashSet<>();
        for (ChargeItem item : items) {
            if (!seen.add(item.subscriptionRef())) {
                throw new IllegalArgumentException("subscription '" + item.subscriptionRef() + "' appears twice in one charge batch");
            }
        }
    }
}

package io.billinggateway.gateway.overview;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The subscription figures of docs/analytics.md over the subscriptions that were active at some time of a report. */
final class SubscriptionSpans {
    private final List<SubscriptionSpan> spans;

    SubscriptionSpans(List<SubscriptionSpan> spans) {
        this.spans = List.copyOf(spans);
    }

    List<SubscriptionSpan> all() {
        return spans;
    }

    long activeAt(Instant instant) {
        return spans.stream().filter(span -> span.activeAt(instant)).count();
    }

    long activatedIn(ReportWindow window) {
        return spans.stream().filter(span -> span.activatedIn(window)).count();
    }

    long endedIn(ReportWindow window) {
        return spans.stream().filter(span -> span.endedIn(window)).count();
    }

    AssetAmounts mrrAt(Instant instant) {
        return revenueAt(instant).total();
    }

    /** MRR per asset divided by the distinct users with a subscription in that asset active at {@code instant}. */
    AssetAmounts arpuAt(Instant instant) {
        Map<Asset, Set<String>> users = new HashMap<>();
        spans.stream().filter(span -> span.activeAt(instant)).forEach(span -> users.computeIfAbsent(span.asset(), ignored -> new HashSet<>()).add(span.userId()));
        Map<Asset, Integer> counts = new HashMap<>();
        users.forEach((asset, ids) -> counts.put(asset, ids.size()));
        return revenueAt(instant).perUser(counts);
    }

    private MonthlyRevenue revenueAt(Instant instant) {
        MonthlyRevenue revenue = new MonthlyRevenue();
        spans.stream().filter(span -> span.activeAt(instant))
                .forEach(span -> revenue.add(span.asset(), span.amount(), span.periodSeconds(), span.periodMonths()));
        return revenue;
    }
}

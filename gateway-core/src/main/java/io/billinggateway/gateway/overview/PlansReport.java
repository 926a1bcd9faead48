package io.billinggateway.gateway.overview;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.billinggateway.gateway.persistence.Database;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** Builds {@code GET /v1/billing/overview/plans}: per plan and asset, active subscriptions and MRR at {@code to}, new and churned in the window. */
@Singleton
final class PlansReport {
    private final Database database;
    private final OverviewQueries queries;
    private final Clock clock;

    PlansReport(Database database, OverviewQueries queries, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** One network and token of a plan; {@code mrr} in minor units of that asset. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PlanAsset(String network, String token, long active, String mrr, long newSubscriptions, long churned) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PlanFigures(UUID planId, String slug, String name, long active, long newSubscriptions, long churned, List<PlanAsset> byNetwork) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Plans(Instant from, Instant to, Instant computedAt, List<PlanFigures> plans) {
    }

    Plans build(ReportWindow window) {
        return database.inTransaction(connection -> {
            SubscriptionSpans all = queries.subscriptions(window.from(), window.to());
            Map<UUID, OverviewQueries.PlanName> names = queries.planNames();
            Map<UUID, Map<Asset, List<SubscriptionSpan>>> byPlan = new TreeMap<>();
            for (SubscriptionSpan span : all.all()) {
                byPlan.computeIfAbsent(span.planId(), ignored -> new TreeMap<>()).computeIfAbsent(span.asset(), ignored -> new ArrayList<>()).add(span);
            }
            List<PlanFigures> plans = byPlan.entrySet().stream().map(plan -> {
                List<PlanAsset> assets = plan.getValue().entrySet().stream().map(entry -> {
                    SubscriptionSpans spans = new SubscriptionSpans(entry.getValue());
                    return new PlanAsset(entry.getKey().network(), entry.getKey().token(), spans.activeAt(window.to()),
                            spans.mrrAt(window.to()).get(entry.getKey()).toString(), spans.activatedIn(window), spans.endedIn(window));
                }).toList();
                OverviewQueries.PlanName name = names.getOrDefault(plan.getKey(), new OverviewQueries.PlanName(null, null));
                return new PlanFigures(plan.getKey(), name.slug(), name.name(), assets.stream().mapToLong(PlanAsset::active).sum(),
                        assets.stream().mapToLong(PlanAsset::newSubscriptions).sum(), assets.stream().mapToLong(PlanAsset::churned).sum(), assets);
            }).sorted(Comparator.comparing(PlanFigures::slug, Comparator.nullsLast(Comparator.naturalOrder()))).collect(Collectors.toList());
            return new Plans(window.from(), window.to(), clock.instant(), plans);
        });
    }
}

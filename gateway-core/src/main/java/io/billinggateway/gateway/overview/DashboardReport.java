package io.billinggateway.gateway.overview;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.billinggateway.gateway.overview.Figures.Count;
import io.billinggateway.gateway.overview.Figures.Rate;
import io.billinggateway.gateway.persistence.Database;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Builds {@code GET /v1/billing/overview/dashboard}: the figures of docs/analytics.md for a window, its previous one and a series. */
@Singleton
final class DashboardReport {
    private final Database database;
    private final OverviewQueries queries;
    private final Clock clock;

    DashboardReport(Database database, OverviewQueries queries, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Every figure of the window with its previous period's value and delta; money per asset. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Headline(Count active, Count newSubscriptions, Count churned, Rate churnRate, List<AssetAmounts.Change> mrr,
                    List<AssetAmounts.Change> arpu, Count payments, Rate failedPaymentRate, List<AssetAmounts.Change> grossRevenue,
                    List<AssetAmounts.Change> refunds, Count refundCount, List<AssetAmounts.Change> fees, List<AssetAmounts.Change> netRevenue) {
    }

    /** One bucket of the series: flows within {@code [from, to)}, stocks ({@code active}, {@code mrr}) at {@code to}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Point(Instant from, Instant to, long active, long newSubscriptions, long churned, List<AssetAmounts.Entry> mrr, long payments,
                 long failedPayments, List<AssetAmounts.Entry> grossRevenue, List<AssetAmounts.Entry> refunds, List<AssetAmounts.Entry> netRevenue) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Dashboard(Instant from, Instant to, Instant previousFrom, String interval, Instant computedAt, Headline figures, List<Point> series) {
    }

    Dashboard build(ReportWindow window) {
        ReportWindow previous = window.previous();
        return database.inTransaction(connection -> {
            SubscriptionSpans spans = queries.subscriptions(previous.from(), window.to());
            PaymentFlows current = queries.flows(window);
            PaymentFlows before = queries.flows(previous);
            Headline headline = new Headline(
                    Count.of(spans.activeAt(window.to()), spans.activeAt(previous.to())),
                    Count.of(spans.activatedIn(window), spans.activatedIn(previous)),
                    Count.of(spans.endedIn(window), spans.endedIn(previous)),
                    Rate.of(Figures.fraction(spans.endedIn(window), spans.activeAt(window.from())),
                            Figures.fraction(spans.endedIn(previous), spans.activeAt(previous.from()))),
                    AssetAmounts.changes(spans.mrrAt(window.to()), spans.mrrAt(previous.to())),
                    AssetAmounts.changes(spans.arpuAt(window.to()), spans.arpuAt(previous.to())),
                    Count.of(current.payments(null), before.payments(null)),
                    Rate.of(failedRate(current), failedRate(before)),
                    AssetAmounts.changes(current.revenue(), before.revenue()),
                    AssetAmounts.changes(current.refunds(), before.refunds()),
                    Count.of(current.refundCount(), before.refundCount()),
                    AssetAmounts.changes(current.fees(), before.fees()),
                    AssetAmounts.changes(current.netRevenue(), before.netRevenue()));
            List<Point> series = window.buckets().stream().map(bucket -> point(bucket, spans, queries.flows(bucket))).toList();
            return new Dashboard(window.from(), window.to(), previous.from(), window.interval().value(), clock.instant(), headline, series);
        });
    }

    private static Point point(ReportWindow bucket, SubscriptionSpans spans, PaymentFlows flows) {
        return new Point(bucket.from(), bucket.to(), spans.activeAt(bucket.to()), spans.activatedIn(bucket), spans.endedIn(bucket),
                spans.mrrAt(bucket.to()).entries(), flows.payments(null), flows.failed(null), flows.revenue().entries(), flows.refunds().entries(),
                flows.netRevenue().entries());
    }

    private static java.math.BigDecimal failedRate(PaymentFlows flows) {
        return Figures.fraction(flows.failed(null), flows.failed(null) + flows.succeeded(null));
    }
}

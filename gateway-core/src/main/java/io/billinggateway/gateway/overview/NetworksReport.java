package io.billinggateway.gateway.overview;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.billinggateway.gateway.network.NetworkHealth;
import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.spi.HealthReport;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/** Builds {@code GET /v1/billing/overview/networks}: per network, the figures of docs/analytics.md (per network). */
@Singleton
final class NetworksReport {
    static final String NOT_CONFIGURED = "NOT_CONFIGURED";

    private final Database database;
    private final OverviewQueries queries;
    private final NetworkHealth health;
    private final Clock clock;

    NetworksReport(Database database, OverviewQueries queries, NetworkHealth health, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.health = requireNonNull(health, "health is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Delay(@Nullable Long p50Seconds, @Nullable Long p95Seconds) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Renewals(long charged, long skipped, long failed, long pending) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Backlog(long due, long oldestDueSeconds) {
    }

    /** The provider's health; {@code reason} only when it reports one. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Health(String status, @Nullable String reason) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record NetworkFigures(String network, List<AssetAmounts.Entry> volume, long payments, @Nullable BigDecimal successRate, Delay confirmationDelay,
                          Renewals renewals, Backlog backlog, Health health) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Networks(Instant from, Instant to, Instant computedAt, List<NetworkFigures> networks) {
    }

    Networks build(ReportWindow window) {
        Map<String, HealthReport> reports = health.check();
        Instant now = clock.instant();
        return database.inTransaction(connection -> {
            PaymentFlows flows = queries.flows(window);
            Map<String, OverviewQueries.ConfirmationDelay> delays = queries.confirmationDelays(window);
            Map<String, OverviewQueries.Backlog> backlogs = queries.backlogs(now);
            Set<String> names = new TreeSet<>(reports.keySet());
            names.addAll(flows.networks());
            names.addAll(backlogs.keySet());
            List<NetworkFigures> figures = names.stream().map(network -> {
                AssetAmounts volume = new AssetAmounts();
                flows.revenue().assets().stream().filter(asset -> asset.network().equals(network)).forEach(asset -> volume.add(asset, flows.revenue().get(asset)));
                OverviewQueries.ConfirmationDelay delay = delays.getOrDefault(network, new OverviewQueries.ConfirmationDelay(null, null));
                OverviewQueries.Backlog backlog = backlogs.getOrDefault(network, new OverviewQueries.Backlog(0, null));
                long oldest = backlog.oldestDueAt() == null ? 0 : Math.max(0, Duration.between(backlog.oldestDueAt(), now).toSeconds());
                return new NetworkFigures(network, volume.entries(), flows.payments(network),
                        Figures.fraction(flows.succeeded(network), flows.succeeded(network) + flows.failed(network)),
                        new Delay(delay.p50Seconds(), delay.p95Seconds()),
                        new Renewals(flows.attempts(network, "charged"), flows.attempts(network, "skipped"), flows.attempts(network, "failed"),
                                flows.attempts(network, "pending")),
                        new Backlog(backlog.due(), oldest), health(reports.get(network)));
            }).toList();
            return new Networks(window.from(), window.to(), now, figures);
        });
    }

    private static Health health(HealthReport report) {
        if (report == null) {
            return new Health(NOT_CONFIGURED, null);
        }
        return new Health(report.status().name(), report.details().get("reason"));
    }
}

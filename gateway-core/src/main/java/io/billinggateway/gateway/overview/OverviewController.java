package io.billinggateway.gateway.overview;

import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Clock;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Read-only figures for {@code finance_ops}, {@code support} and {@code billing_admin} (seed 002: overview by network and
 * token; seed 003 §4, §9.2: dashboard, networks, plans). Definitions: docs/analytics.md.
 */
@Controller("/v1/billing/overview")
@Secured({Roles.FINANCE_OPS, Roles.SUPPORT, Roles.BILLING_ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
final class OverviewController {
    private final Database database;
    private final OverviewCache cache;
    private final DashboardReport dashboard;
    private final NetworksReport networks;
    private final PlansReport plans;
    private final Clock clock;

    OverviewController(Database database, OverviewCache cache, DashboardReport dashboard, NetworksReport networks, PlansReport plans, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.dashboard = requireNonNull(dashboard, "dashboard is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.plans = requireNonNull(plans, "plans is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Payments by network, token and status: how many and how much (integer minor units, as strings). */
    @Serdeable
    record PaymentTotals(String network, String token, String status, long payments, String amount, String refunded) {
    }

    /** Subscriptions by network and status. */
    @Serdeable
    record SubscriptionTotals(String network, String status, long subscriptions) {
    }

    @Serdeable
    @io.swagger.v3.oas.annotations.media.Schema(name = "OverviewSummary")
    record Summary(List<PaymentTotals> payments, List<SubscriptionTotals> subscriptions) {
    }

    /** Payments and volume by network, token and status; subscriptions by network and status. */
    @Get("/summary")
    Summary summary() {
        return database.inTransaction(connection -> new Summary(
                database.query("""
                        SELECT network, token, status, COUNT(*) AS payments, SUM(amount) AS amount, SUM(refunded_amount) AS refunded
                        FROM payment_transactions GROUP BY network, token, status ORDER BY network, token, status""",
                        row -> new PaymentTotals(row.getString("network"), row.getString("token"), row.getString("status"), row.getLong("payments"),
                                Database.integer(row, "amount").toString(), Database.integer(row, "refunded").toString())),
                database.query("""
                        SELECT network, status, COUNT(*) AS subscriptions FROM billing_subscription_state GROUP BY network, status ORDER BY network, status""",
                        row -> new SubscriptionTotals(row.getString("network"), row.getString("status"), row.getLong("subscriptions")))));
    }

    /** Dashboard figures (MRR, ARPU, active, new and churned subscriptions, revenue, failures, refunds) with the previous period, the delta and a series. */
    @Get("/dashboard")
    DashboardReport.Dashboard dashboard(@Nullable @QueryValue String from, @Nullable @QueryValue String to, @Nullable @QueryValue String interval) {
        ReportWindow window = ReportWindow.series(from, to, interval, clock);
        return cache.get("dashboard/" + window.key(), () -> dashboard.build(window));
    }

    /** Per network: volume, payments, success rate, confirmation delay, renewals by outcome, charge backlog and health. */
    @Get("/networks")
    NetworksReport.Networks networkFigures(@Nullable @QueryValue String from, @Nullable @QueryValue String to) {
        ReportWindow window = ReportWindow.flat(from, to, clock);
        return cache.get("networks/" + window.key(), () -> networks.build(window));
    }

    /** Per plan and asset: active subscriptions, MRR, new and churned. */
    @Get("/plans")
    PlansReport.Plans planFigures(@Nullable @QueryValue String from, @Nullable @QueryValue String to) {
        ReportWindow window = ReportWindow.flat(from, to, clock);
        return cache.get("plans/" + window.key(), () -> plans.build(window));
    }
}

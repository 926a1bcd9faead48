package io.billinggateway.gateway.overview;

import io.billinggateway.gateway.persistence.Database;
import io.billinggateway.gateway.security.Roles;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Read-only figures for {@code finance_ops} and {@code support} (seed 002: overview by network and token). */
@Controller("/v1/billing/overview")
@Secured({Roles.FINANCE_OPS, Roles.SUPPORT})
@ExecuteOn(TaskExecutors.BLOCKING)
final class OverviewController {
    private final Database database;

    OverviewController(Database database) {
        this.database = requireNonNull(database, "database is null");
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
}

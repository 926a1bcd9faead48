package io.billinggateway.gateway.fuzz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.billinggateway.gateway.fuzz.FieldRule.Kind.AMOUNT;
import static io.billinggateway.gateway.fuzz.FieldRule.Kind.BOOLEAN;
import static io.billinggateway.gateway.fuzz.FieldRule.Kind.DURATION;
import static io.billinggateway.gateway.fuzz.FieldRule.Kind.INTEGER;
import static io.billinggateway.gateway.fuzz.FieldRule.Kind.LIST;
import static io.billinggateway.gateway.fuzz.FieldRule.Kind.REFERENCE;
import static io.billinggateway.gateway.fuzz.FieldRule.Kind.SLUG;
import static io.billinggateway.gateway.fuzz.FieldRule.Kind.TEXT;
import static io.billinggateway.gateway.fuzz.FieldRule.Kind.URL;
import static io.billinggateway.gateway.fuzz.FieldRule.Kind.UUID;
import static io.billinggateway.gateway.fuzz.FieldRule.optional;
import static io.billinggateway.gateway.fuzz.FieldRule.required;
import static java.util.Objects.requireNonNull;

/**
 * Every public and staff endpoint of the gateway (the controllers under {@code gateway-core/src/main} and
 * docs/api.md), grouped as the properties test them, each with its valid request. Limits are those of the
 * columns that store the values (db/migration). A new endpoint belongs here; {@code ApiFuzzTest} checks
 * that every {@code @Controller} route is listed.
 */
final class ApiCatalogue {
    private final FuzzedGateway.Seeded seeded;
    private final Supplier<String> refundablePayment;
    private final Supplier<String> unsoldPlan;
    private final StaffTargets staffTargets;
    private final AtomicLong slugs = new AtomicLong();

    /** What the staff actions' valid requests act on: states in which each keeps being accepted. */
    record StaffTargets(Supplier<String> activeSubscription, Supplier<String> pastDueSubscription, Supplier<String> pendingPayment) {
    }

    /**
     * @param refundablePayment a confirmed payment with money left to refund (a full refund would end the exploration)
     * @param unsoldPlan the id of a new plan nobody bought, asked for each deletion
     */
    ApiCatalogue(FuzzedGateway.Seeded seeded, Supplier<String> refundablePayment, Supplier<String> unsoldPlan, StaffTargets staffTargets) {
        this.seeded = requireNonNull(seeded, "seeded is null");
        this.refundablePayment = requireNonNull(refundablePayment, "refundablePayment is null");
        this.unsoldPlan = requireNonNull(unsoldPlan, "unsoldPlan is null");
        this.staffTargets = requireNonNull(staffTargets, "staffTargets is null");
    }

    List<Endpoint> anonymous() {
        return List.of(
                Endpoint.get("/v1/billing/networks", Access.ANONYMOUS),
                Endpoint.get("/v1/billing/networks/{name}", Access.ANONYMOUS, new Endpoint.PathParameter("name", "fiat", false)),
                Endpoint.get("/v1/billing/plans", Access.ANONYMOUS),
                Endpoint.get("/v1/billing/plans/{slug}", Access.ANONYMOUS, new Endpoint.PathParameter("slug", seeded.oneTimePlan(), false)),
                Endpoint.get("/health", Access.ANONYMOUS),
                Endpoint.get("/health/liveness", Access.ANONYMOUS),
                Endpoint.get("/health/readiness", Access.ANONYMOUS),
                Endpoint.get("/prometheus", Access.ANONYMOUS),
                Endpoint.get("/swagger/billing-gateway.yml", Access.ANONYMOUS));
    }

    List<Endpoint> checkout() {
        return List.of(
                Endpoint.post("/v1/billing/checkout", Access.USER).withBody(checkoutBody(seeded.oneTimePlan())).withIdempotencyKey(),
                Endpoint.post("/v1/billing/subscribe", Access.USER).withBody(checkoutBody(seeded.recurringPlan())).withIdempotencyKey());
    }

    List<Endpoint> user() {
        return List.of(
                Endpoint.post("/v1/billing/unsubscribe", Access.USER).withBody(new Endpoint.Body(
                        () -> object("subscriptionId", seeded.subscriptionId()), List.of(required("subscriptionId", UUID, 0)), true, false)),
                Endpoint.get("/v1/billing/me/subscriptions", Access.USER),
                Endpoint.get("/v1/billing/me/history", Access.USER).withQuery(new Endpoint.QueryParameter("limit", null, Endpoint.QueryParameter.Kind.LIMIT)));
    }

    List<Endpoint> planChanges() {
        Endpoint.PathParameter id = new Endpoint.PathParameter("slugOrId", seeded.managedPlanId(), true);
        return List.of(
                Endpoint.post("/v1/billing/admin/plans", Access.ADMIN).withBody(new Endpoint.Body(
                        () -> object("slug", "fuzz-plan-" + System.nanoTime() + "-" + slugs.incrementAndGet(), "name", "Fuzz plan",
                                "description", "Created by the fuzz suite", "billingPeriod", "P30D", "prices", prices("1999")),
                        List.of(required("slug", SLUG, 64), required("name", TEXT, 200), optional("description", TEXT, 2000),
                                optional("billingPeriod", DURATION, 0), required("prices", LIST, 0), required("prices/0/network", REFERENCE, 32),
                                required("prices/0/asset", REFERENCE, 16), required("prices/0/amount", AMOUNT, 0)),
                        true, true)),
                new Endpoint("PATCH", "/v1/billing/admin/plans/{slugOrId}", Access.ADMIN, List.of(id), List.of(), new Endpoint.Body(
                        () -> object("name", "Managed plan", "description", "Changed by the fuzz suite", "billingPeriod", "P30D", "prices", prices("500")),
                        List.of(optional("name", TEXT, 200), optional("description", TEXT, 2000), optional("billingPeriod", DURATION, 0),
                                optional("prices", LIST, 0), required("prices/0/network", REFERENCE, 32), required("prices/0/asset", REFERENCE, 16),
                                required("prices/0/amount", AMOUNT, 0)),
                        true, true), null, false));
    }

    List<Endpoint> planReadsAndActions() {
        Endpoint.PathParameter id = new Endpoint.PathParameter("slugOrId", seeded.managedPlanId(), true);
        return List.of(
                Endpoint.get("/v1/billing/admin/plans", Access.STAFF_READ),
                Endpoint.get("/v1/billing/admin/plans/{slugOrId}", Access.STAFF_READ, id),
                Endpoint.get("/v1/billing/admin/plans/{slugOrId}/audit", Access.STAFF_READ, id),
                Endpoint.post("/v1/billing/admin/plans/{slugOrId}/freeze", Access.ADMIN, id),
                Endpoint.post("/v1/billing/admin/plans/{slugOrId}/unfreeze", Access.ADMIN, id),
                Endpoint.post("/v1/billing/admin/plans/{slugOrId}/register", Access.ADMIN, id),
                Endpoint.get("/v1/billing/admin/plans/{slugOrId}", Access.STAFF_READ, new Endpoint.PathParameter("slugOrId", seeded.recurringPlan(), false)),
                Endpoint.post("/v1/billing/admin/plans/{slugOrId}/archive", Access.ADMIN, id),
                // a valid deletion needs a plan nobody bought, and ends it: a new one each time
                new Endpoint("DELETE", "/v1/billing/admin/plans/{slugOrId}", Access.ADMIN, List.of(new Endpoint.PathParameter("slugOrId", unsoldPlan, true)),
                        List.of(), null, null, false));
    }

    List<Endpoint> refunds() {
        return List.of(Endpoint.post("/v1/billing/admin/payments/{id}/refunds", Access.ADMIN, new Endpoint.PathParameter("id", refundablePayment, true))
                .withBody(new Endpoint.Body(() -> object("amount", "1", "reason", "fuzz refund"),
                        List.of(optional("amount", AMOUNT, 0), optional("reason", TEXT, 2000)), false, true))
                .withIdempotencyKey());
    }

    /** The staff actions, on targets that keep accepting their valid request (see {@link StaffTargets}). */
    List<Endpoint> staffActions() {
        return List.of(
                Endpoint.post("/v1/billing/admin/subscriptions/{id}/cancel", Access.ADMIN,
                                new Endpoint.PathParameter("id", staffTargets.activeSubscription(), true))
                        .withBody(new Endpoint.Body(() -> object("when", "period_end", "reason", "fuzz cancel"),
                                List.of(required("when", TEXT, 16), required("reason", TEXT, 2000)), true, true))
                        .withIdempotencyKey(),
                Endpoint.post("/v1/billing/admin/subscriptions/{id}/retry", Access.ADMIN,
                                new Endpoint.PathParameter("id", staffTargets.pastDueSubscription(), true))
                        .withBody(new Endpoint.Body(() -> object("reason", "fuzz retry"), List.of(required("reason", TEXT, 2000)), true, true))
                        .withIdempotencyKey(),
                Endpoint.post("/v1/billing/admin/payments/{id}/corrections", Access.ADMIN, new Endpoint.PathParameter("id", staffTargets.pendingPayment(), true))
                        .withBody(new Endpoint.Body(() -> object("toStatus", "confirmed", "reason", "fuzz correction"),
                                List.of(required("toStatus", TEXT, 16), required("reason", TEXT, 2000)), true, true))
                        .withIdempotencyKey());
    }

    /**
     * The network settings of {@code fiat}. The valid change names version 0: it is accepted once, and afterwards answered
     * 409 as a stale version, which keeps the exploration from changing the network at every case.
     */
    List<Endpoint> networkSettings() {
        Endpoint.PathParameter fiat = new Endpoint.PathParameter("name", "fiat", false);
        List<Map<String, Object>> change = List.of(object("key", "charge-batch-size", "value", "50"));
        return List.of(
                Endpoint.get("/v1/billing/admin/networks/{name}/settings", Access.STAFF_READ, fiat),
                Endpoint.get("/v1/billing/admin/networks/{name}/settings/history", Access.STAFF_READ, fiat)
                        .withQuery(new Endpoint.QueryParameter("limit", null, Endpoint.QueryParameter.Kind.LIMIT)),
                Endpoint.post("/v1/billing/admin/networks/{name}/settings/test", Access.ADMIN, fiat)
                        .withBody(new Endpoint.Body(() -> object("settings", change), List.of(), false, true)),
                new Endpoint("PUT", "/v1/billing/admin/networks/{name}/settings", Access.ADMIN, List.of(fiat), List.of(), null, null, false)
                        .withBody(new Endpoint.Body(() -> object("version", 0, "settings", change, "reason", "fuzz settings change"),
                                List.of(required("version", INTEGER, 0), required("reason", TEXT, 2000)), true, true)));
    }

    List<Endpoint> staffSearch() {
        return List.of(Endpoint.get("/v1/billing/admin/payments", Access.STAFF_READ).withQuery(
                new Endpoint.QueryParameter("limit", null, Endpoint.QueryParameter.Kind.LIMIT)),
                Endpoint.get("/v1/billing/admin/payments/{id}", Access.STAFF_READ, new Endpoint.PathParameter("id", refundablePayment, true)),
                Endpoint.get("/v1/billing/admin/subscriptions", Access.STAFF_READ).withQuery(
                        new Endpoint.QueryParameter("limit", null, Endpoint.QueryParameter.Kind.LIMIT)),
                Endpoint.get("/v1/billing/admin/subscriptions/{id}", Access.STAFF_READ, new Endpoint.PathParameter("id", seeded.subscriptionId(), true)));
    }

    List<Endpoint> overviewAndInternal() {
        return List.of(
                Endpoint.get("/v1/billing/overview/summary", Access.OVERVIEW),
                Endpoint.get("/v1/billing/overview/dashboard", Access.OVERVIEW),
                Endpoint.get("/v1/billing/overview/networks", Access.OVERVIEW),
                Endpoint.get("/v1/billing/overview/plans", Access.OVERVIEW),
                Endpoint.get("/v1/billing/overview/users/{userId}/history", Access.OVERVIEW, new Endpoint.PathParameter("userId", Credentials.USER, false))
                        .withQuery(new Endpoint.QueryParameter("limit", null, Endpoint.QueryParameter.Kind.LIMIT)),
                Endpoint.get("/v1/billing/overview/users/{userId}/summary", Access.OVERVIEW, new Endpoint.PathParameter("userId", Credentials.USER, false)),
                Endpoint.get("/v1/billing/overview/payouts", Access.OVERVIEW).withQuery(
                        new Endpoint.QueryParameter("limit", null, Endpoint.QueryParameter.Kind.LIMIT)),
                Endpoint.post("/internal/billing/charge", Access.SERVICE).withBody(new Endpoint.Body(
                        () -> object("network", "fiat", "dryRun", true, "limit", 10),
                        List.of(optional("network", REFERENCE, 32), optional("dryRun", BOOLEAN, 0), optional("limit", INTEGER, 0)), false, true)),
                // since (an ISO-8601 instant or date) is left to ReconcileTest: free text there is a 400 by design.
                Endpoint.post("/internal/billing/reconcile", Access.SERVICE).withBody(new Endpoint.Body(
                        () -> object("network", "fiat", "fix", false),
                        List.of(required("network", REFERENCE, 32), optional("fix", BOOLEAN, 0)), true, true)),
                Endpoint.get("/internal/billing/dues", Access.SERVICE).withQuery(
                        new Endpoint.QueryParameter("network", null, Endpoint.QueryParameter.Kind.NETWORK),
                        new Endpoint.QueryParameter("limit", null, Endpoint.QueryParameter.Kind.LIMIT)));
    }

    /**
     * The webhook endpoints start from the PSP's genuine delivery of the seed payment. Field changes are signed
     * anew with the PSP's secret under a fresh message id: authentic events with odd content, which the gateway
     * may accept or refuse, but never with a 5xx (the PSP would retry them forever).
     */
    List<Endpoint> webhooks() {
        Endpoint.Body event = new Endpoint.Body(seeded.webhook()::content,
                List.of(required("type", REFERENCE, 64), required("timestamp", TEXT, 0), required("data/checkoutSession", REFERENCE, 200),
                        required("data/payment", TEXT, 200), required("data/amount", AMOUNT, 0), required("data/currency", REFERENCE, 16)),
                true, false);
        return List.of(
                Endpoint.post("/v1/billing/networks/{network}/webhook", Access.ANONYMOUS, new Endpoint.PathParameter("network", "fiat", false))
                        .withBody(event).withWebhook(seeded.webhook()),
                Endpoint.post("/v1/billing/contracts/webhook", Access.ANONYMOUS)
                        .withQuery(new Endpoint.QueryParameter("network", "fiat", Endpoint.QueryParameter.Kind.NETWORK))
                        .withBody(event).withWebhook(seeded.webhook()));
    }

    /**
     * The framework's management endpoints, which docs/api.md does not list; {@code POST /refresh} is left out
     * on purpose, because a working refresh would rebuild beans in the middle of the run.
     */
    List<Endpoint> management() {
        return List.of(
                Endpoint.get("/beans", Access.UNDOCUMENTED),
                Endpoint.get("/flyway", Access.UNDOCUMENTED),
                Endpoint.get("/info", Access.UNDOCUMENTED),
                Endpoint.get("/metrics", Access.UNDOCUMENTED),
                Endpoint.get("/metrics/{name}", Access.UNDOCUMENTED, new Endpoint.PathParameter("name", "jvm.memory.used", false)),
                Endpoint.get("/routes", Access.UNDOCUMENTED),
                Endpoint.get("/threaddump", Access.UNDOCUMENTED),
                Endpoint.get("/token_info", Access.UNDOCUMENTED),
                Endpoint.post("/token_info", Access.UNDOCUMENTED));
    }

    List<Endpoint> all() {
        return Stream.of(anonymous(), checkout(), user(), planChanges(), planReadsAndActions(), refunds(), staffActions(), networkSettings(), staffSearch(), overviewAndInternal(), webhooks(),
                        management())
                .flatMap(List::stream).toList();
    }

    private static Endpoint.Body checkoutBody(String plan) {
        return new Endpoint.Body(() -> object("plan", plan, "network", "fiat", "returnUrl", "https://shop.example/done"),
                List.of(required("plan", REFERENCE, 200), required("network", REFERENCE, 32), optional("chainId", TEXT, 0),
                        optional("providerId", TEXT, 0), optional("payerAccount", TEXT, 0), optional("returnUrl", URL, 0)),
                true, false);
    }

    private static List<Object> prices(String amount) {
        return List.of(object("network", "fiat", "asset", "USD", "amount", amount));
    }

    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int index = 0; index < keysAndValues.length; index += 2) {
            object.put((String) keysAndValues[index], keysAndValues[index + 1]);
        }
        return object;
    }
}

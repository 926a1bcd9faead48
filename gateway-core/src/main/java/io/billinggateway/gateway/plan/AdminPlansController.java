package io.billinggateway.gateway.plan;

import io.billinggateway.gateway.audit.AuditLog;
import io.billinggateway.gateway.security.Roles;
import io.billinggateway.spi.PlanStatus;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Plan administration: {@code billing_admin} changes, {@code support} reads. Every change is audited. A plan is addressed
 * by its slug or its id ({@code /v1/billing/admin/plans/pro-monthly} or {@code .../plans/3f2c...}): operators know slugs,
 * integrations keep ids.
 */
@Controller("/v1/billing/admin/plans")
@ExecuteOn(TaskExecutors.BLOCKING)
final class AdminPlansController {
    private final PlanService plans;
    private final AuditLog audit;

    AdminPlansController(PlanService plans, AuditLog audit) {
        this.plans = requireNonNull(plans, "plans is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    /** Creates a plan and registers it on the networks of its prices. */
    @Post
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "The plan with its registration on each network", useReturnTypeSchema = true)
    @Secured(Roles.BILLING_ADMIN)
    HttpResponse<PlanViews.AdminPlan> create(Authentication authentication, @Body PlanRequests.CreatePlan request) {
        return HttpResponse.status(HttpStatus.CREATED).body(plans.create(authentication.getName(), request));
    }

    /** Every plan with its registration on each network (plan hash, signature, status, last error). */
    @Get
    @Secured({Roles.BILLING_ADMIN, Roles.SUPPORT})
    List<PlanViews.AdminPlan> list() {
        return plans.list();
    }

    /** One plan with its registration on each network. */
    @Get("/{slugOrId}")
    @Secured({Roles.BILLING_ADMIN, Roles.SUPPORT})
    PlanViews.AdminPlan get(@PathVariable String slugOrId) {
        return plans.get(plans.resolve(slugOrId));
    }

    /** Changes name, description, period or prices; new terms are registered again on the networks. */
    @Patch("/{slugOrId}")
    @Secured(Roles.BILLING_ADMIN)
    PlanViews.AdminPlan update(Authentication authentication, @PathVariable String slugOrId, @Body PlanRequests.UpdatePlan request) {
        return plans.update(authentication.getName(), plans.resolve(slugOrId), request);
    }

    /** Stops new checkouts and renewals of the plan on every network. */
    @Post("/{slugOrId}/freeze")
    @Secured(Roles.BILLING_ADMIN)
    PlanViews.AdminPlan freeze(Authentication authentication, @PathVariable String slugOrId) {
        return plans.changeStatus(authentication.getName(), plans.resolve(slugOrId), PlanStatus.FROZEN);
    }

    /** Resumes checkouts and renewals of a frozen plan on every network. */
    @Post("/{slugOrId}/unfreeze")
    @Secured(Roles.BILLING_ADMIN)
    PlanViews.AdminPlan unfreeze(Authentication authentication, @PathVariable String slugOrId) {
        return plans.changeStatus(authentication.getName(), plans.resolve(slugOrId), PlanStatus.ACTIVE);
    }

    /**
     * Archives a plan: no new checkouts, no longer in the catalog, on every network; its history and existing subscriptions
     * stay. The way to retire a plan that was sold, which cannot be deleted. Unfreeze makes it active again.
     */
    @Post("/{slugOrId}/archive")
    @Secured(Roles.BILLING_ADMIN)
    PlanViews.AdminPlan archive(Authentication authentication, @PathVariable String slugOrId) {
        return plans.changeStatus(authentication.getName(), plans.resolve(slugOrId), PlanStatus.INACTIVE);
    }

    /**
     * Deletes a plan that was never sold (no payment, no subscription): a plan created by mistake. A sold plan answers
     * 409 and stays; archive it instead.
     */
    @Delete("/{slugOrId}")
    @Secured(Roles.BILLING_ADMIN)
    HttpResponse<Void> delete(Authentication authentication, @PathVariable String slugOrId) {
        plans.delete(authentication.getName(), plans.resolve(slugOrId));
        return HttpResponse.noContent();
    }

    /** Retries the registration of every network where it is pending or failed. */
    @Post("/{slugOrId}/register")
    @Secured(Roles.BILLING_ADMIN)
    PlanViews.AdminPlan register(Authentication authentication, @PathVariable String slugOrId) {
        return plans.retryRegistration(authentication.getName(), plans.resolve(slugOrId));
    }

    /** The plan's audit trail. */
    @Get("/{slugOrId}/audit")
    @Secured({Roles.BILLING_ADMIN, Roles.SUPPORT})
    List<AuditLog.Entry> audit(@PathVariable String slugOrId) {
        return audit.forEntity("plan", plans.resolve(slugOrId).toString());
    }
}

package io.billinggateway.gateway.plan;

import io.billinggateway.gateway.audit.AuditLog;
import io.billinggateway.gateway.security.Roles;
import io.billinggateway.spi.PlanStatus;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.util.List;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Plan administration: {@code billing_admin} changes, {@code support} reads. Every change is audited. */
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
    @Get("/{id}")
    @Secured({Roles.BILLING_ADMIN, Roles.SUPPORT})
    PlanViews.AdminPlan get(@PathVariable UUID id) {
        return plans.get(id);
    }

    /** Changes name, description, period or prices; new terms are registered again on the networks. */
    @Patch("/{id}")
    @Secured(Roles.BILLING_ADMIN)
    PlanViews.AdminPlan update(Authentication authentication, @PathVariable UUID id, @Body PlanRequests.UpdatePlan request) {
        return plans.update(authentication.getName(), id, request);
    }

    /** Stops new checkouts and renewals of the plan on every network. */
    @Post("/{id}/freeze")
    @Secured(Roles.BILLING_ADMIN)
    PlanViews.AdminPlan freeze(Authentication authentication, @PathVariable UUID id) {
        return plans.changeStatus(authentication.getName(), id, PlanStatus.FROZEN);
    }

    /** Resumes checkouts and renewals of a frozen plan on every network. */
    @Post("/{id}/unfreeze")
    @Secured(Roles.BILLING_ADMIN)
    PlanViews.AdminPlan unfreeze(Authentication authentication, @PathVariable UUID id) {
        return plans.changeStatus(authentication.getName(), id, PlanStatus.ACTIVE);
    }

    /** Retries the registration of every network where it is pending or failed. */
    @Post("/{id}/register")
    @Secured(Roles.BILLING_ADMIN)
    PlanViews.AdminPlan register(Authentication authentication, @PathVariable UUID id) {
        return plans.retryRegistration(authentication.getName(), id);
    }

    /** The plan's audit trail. */
    @Get("/{id}/audit")
    @Secured({Roles.BILLING_ADMIN, Roles.SUPPORT})
    List<AuditLog.Entry> audit(@PathVariable UUID id) {
        plans.get(id);
        return audit.forEntity("plan", id.toString());
    }
}

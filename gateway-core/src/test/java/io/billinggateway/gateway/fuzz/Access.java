package io.billinggateway.gateway.fuzz;

import io.billinggateway.gateway.security.Roles;

import java.util.List;
import java.util.Set;

/**
 * Who may call an endpoint (docs/api.md): nobody in particular, any user, the staff roles, or the service token.
 *
 * @param allowedRoles for role-restricted endpoints, the roles of which one suffices; empty where any token does
 * @param validRoles the roles of the valid caller the fuzz cases start from
 * @param documented false for the framework's management endpoints that docs/api.md does not list: nothing is
 *                   expected of their callers, but their answers must still keep the rules of every answer
 */
record Access(String name, boolean authenticated, boolean service, Set<String> allowedRoles, List<String> validRoles, boolean documented) {
    static final Access ANONYMOUS = new Access("anyone", false, false, Set.of(), List.of(), true);
    static final Access USER = new Access("any user", true, false, Set.of(), List.of(), true);
    static final Access ADMIN = new Access("billing_admin", true, false, Set.of(Roles.BILLING_ADMIN), List.of(Roles.BILLING_ADMIN), true);
    static final Access STAFF_READ = new Access("billing_admin or support", true, false, Set.of(Roles.BILLING_ADMIN, Roles.SUPPORT), List.of(Roles.SUPPORT), true);
    static final Access OVERVIEW = new Access("finance_ops, support or billing_admin", true, false, Set.of(Roles.FINANCE_OPS, Roles.SUPPORT, Roles.BILLING_ADMIN), List.of(Roles.FINANCE_OPS), true);
    static final Access SERVICE = new Access("the service token", false, true, Set.of(), List.of(), true);
    /** Management endpoints outside docs/api.md, tried with a billing_admin token. */
    static final Access UNDOCUMENTED = new Access("not in docs/api.md", false, false, Set.of(), List.of(Roles.BILLING_ADMIN), false);

    /** Whether a caller holding these roles through a well-formed bearer token may call the endpoint. */
    boolean admits(List<String> roles) {
        if (service) {
            return false;
        }
        return !authenticated || allowedRoles.isEmpty() || roles.stream().anyMatch(allowedRoles::contains);
    }
}

package io.billinggateway.gateway.plan;

import java.math.BigInteger;
import java.util.UUID;

/**
 * One terms version of a plan as registered on one network ({@code billing_plan_terms_registrations}). A price or
 * period change registers new terms under a new provider reference; the subscribers of earlier versions keep renewing
 * on theirs, so a status change of the plan (freeze, deactivate, reactivate) is applied to every version listed here.
 *
 * @param status the version's status at the provider
 */
record PlanTermsRegistration(UUID planId, String network, long termsVersion, String providerPlanRef, String asset, BigInteger price, String status,
                             String lastError) {
}

/**
 * Plans: the admin API that creates, changes, freezes and registers plans on networks through the router,
 * and the public catalog of active plans with their {@code supportedChains}.
 */
package io.billinggateway.gateway.plan;

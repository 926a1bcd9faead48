/**
 * The finance and support overview: figures defined in docs/analytics.md (dashboard, networks, plans; money per asset,
 * cached per query), and the staff reads of one user's billing and of payments stuck pending.
 */
package io.billinggateway.gateway.overview;

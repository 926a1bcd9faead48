/**
 * Network settings changed at run time: operators override a network's run-time editable keys (declared by its
 * provider and by the gateway's charge lanes) through {@code /v1/billing/admin/networks/{name}/settings}; the overrides
 * and their change journal live in the database, the configuration files stay the defaults, and every gateway process
 * notices a new version and re-creates the network's provider between calls.
 */
package io.billinggateway.gateway.networksettings;

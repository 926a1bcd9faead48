/**
 * The enabled networks as the gateway sees them: the router built from configuration, the host-owned
 * context lent to each provider, the networks catalog endpoint and per-network health.
 */
package io.billinggateway.gateway.network;

/**
 * Plans on one network: EIP-712 signed recurring plans published through {@code PlanManager.createPlan}, one-time
 * items sold through Marketplace listings, and status changes.
 */
package io.billinggateway.provider.evm.plan;

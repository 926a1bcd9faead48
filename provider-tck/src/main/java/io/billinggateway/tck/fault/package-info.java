/**
 * Repeatable fault injection for provider tests: {@link io.billinggateway.tck.fault.FaultInjection} decides, from
 * a seed, which calls are slow, time out before or after they were carried out, or fail transiently or for good,
 * and which webhook deliveries arrive twice or out of order; {@link io.billinggateway.tck.fault.FaultInjectingBillingProvider}
 * applies those faults to a provider as the gateway would see them over a flaky network.
 */
package io.billinggateway.tck.fault;

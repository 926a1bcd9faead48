/**
 * The billing metrics the production playbook relies on (seed 004 §4; docs/operations/metrics.md): transitions of
 * payments by status, failures caused by a network, confirmation and webhook delays, and gauges of state read from the
 * database (active subscriptions, outbox backlog). Labels are bounded: network, plan slug, kind, status; never a user
 * or payment id.
 */
package io.billinggateway.gateway.metrics;

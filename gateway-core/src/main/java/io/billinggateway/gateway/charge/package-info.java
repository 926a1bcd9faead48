/**
 * The charge worker: one lane per network (its own thread, interval, batch size and lease), claiming due
 * subscriptions from the database with {@code FOR UPDATE SKIP LOCKED} under a claim token and a lease, charging
 * them through the network's provider in batches, and recording every item's outcome. An outcome moves a
 * subscription only if nobody claimed or changed it meanwhile; a failed provider call spends no retry budget; a
 * final failure is recorded before the provider's final-failure call, which is repeated until accepted. A slow or
 * dead network only slows its own lane; several gateway processes on one database share the work without overlap.
 * Operator documentation: {@code docs/charge-worker.md}.
 */
package io.billinggateway.gateway.charge;

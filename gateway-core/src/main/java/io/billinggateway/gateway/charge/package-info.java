/**
 * The charge worker: one lane per network (its own thread, interval, batch size and lease), claiming due
 * subscriptions from the database with {@code FOR UPDATE SKIP LOCKED} and a lease, charging them through the
 * network's provider in batches, and recording every item's outcome. A slow or dead network only slows its
 * own lane; several gateway processes on one database share the work without overlap.
 */
package io.billinggateway.gateway.charge;

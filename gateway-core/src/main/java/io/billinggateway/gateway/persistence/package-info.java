/**
 * Plain JDBC over the gateway's one data source: explicit SQL that runs unchanged on PostgreSQL (production)
 * and on H2 in PostgreSQL mode (the embedded default), inside Micronaut-managed transactions.
 */
package io.billinggateway.gateway.persistence;

/**
 * The gateway application: Micronaut wiring, startup and the command line.
 */
package io.billinggateway.gateway;

/**
 * RFC 9457 problem details: every error the HTTP API returns, from the gateway's own checks, from a
 * provider's {@link io.billinggateway.spi.BillingException} or from the framework (unknown route, malformed
 * JSON, body too large), is an {@code application/problem+json} document with a stable {@code type}.
 */
package io.billinggateway.gateway.problem;

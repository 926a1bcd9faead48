/**
 * Abuse limits (OWASP API4 and API6): a token bucket per user on checkout and subscribe, per client address on
 * anonymous endpoints and on webhooks, configured under {@code billing.rate-limits}. A request over its limit is
 * answered 429 {@code rate-limited} with {@code Retry-After} by a filter that runs before any controller, so it
 * changes nothing. Buckets live in the memory of one process: behind a load balancer each process counts alone.
 */
package io.billinggateway.gateway.ratelimit;

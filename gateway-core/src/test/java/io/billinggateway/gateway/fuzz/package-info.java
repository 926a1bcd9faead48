/**
 * A property-based fuzz suite of the HTTP API, run on PostgreSQL in the build.
 *
 * <p>It proves, for requests generated against every public and staff endpoint (bodies of the right shape
 * with wrong types, huge, control-character and unicode values, huge numbers, extreme durations, unknown
 * fields, malformed JSON; header, path and query variants; every kind of token and caller), that the gateway
 * never answers 5xx, answers every error with a complete RFC 9457 problem that reveals no SQL, database
 * message, class name or secret, rejects invalid input with a 4xx, and changes no row of any table when it
 * rejects a request.
 *
 * <p>Generation is a recorded sequence of choices ({@link io.billinggateway.gateway.fuzz.Choices}); every
 * option list starts with its simplest value, so {@link io.billinggateway.gateway.fuzz.Shrinker} reduces a
 * failing case to the smallest change of a valid request that still fails, and the report prints it as a
 * request a developer can send again. {@link io.billinggateway.gateway.fuzz.ApiFuzzTest} holds the
 * properties and the options ({@code fuzz.tries}, {@code fuzz.seed}, {@code fuzz.shrinks}).
 */
package io.billinggateway.gateway.fuzz;

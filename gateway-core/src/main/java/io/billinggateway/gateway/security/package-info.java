/**
 * Who may do what: JWT bearer tokens for users and staff (the {@code sub} claim is the user, the {@code roles}
 * claim their roles), a service token for {@code /internal/**}, and the local development token command.
 *
 * <p>A bearer token is accepted only when its algorithm is pinned (HS256 for the local secret, a JWKS key's own
 * algorithm), its signature verifies, {@code exp} has not passed and {@code nbf}/{@code iat} have (with
 * {@code billing.jwt.clock-skew}), {@code sub} fits a {@code user_id} column and {@code roles} is an array of
 * strings. A refusal is a 401 problem that says which of missing, malformed, expired, not yet valid or bad
 * signature it was; a 403 problem names the roles the endpoint accepts.
 */
package io.billinggateway.gateway.security;

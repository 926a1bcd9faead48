/**
 * Who may do what: JWT bearer tokens for users and staff (the {@code sub} claim is the user, the {@code roles}
 * claim their roles), a service token for {@code /internal/**}, and the local development token command.
 */
package io.billinggateway.gateway.security;

/** The authenticated user's own billing: subscriptions and payment history. */
package io.billinggateway.gateway.me;

/** The finance and support overview: payments, volume and subscriptions by network and token. */
package io.billinggateway.gateway.overview;

/**
 * The hosted checkout pages the PSP serves itself with the JDK's HTTP server, and the JSON "test API" on the
 * same endpoints that tests and the conformance kit use to act as the payer.
 */
package io.billinggateway.provider.mockfiat.checkout;

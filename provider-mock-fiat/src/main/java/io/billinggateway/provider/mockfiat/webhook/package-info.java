/**
 * Webhooks in the Standard Webhooks format (https://www.standardwebhooks.com): the {@code whsec_} secret, the
 * {@code v1} HMAC-SHA256 signature over {@code id.timestamp.body}, the event bodies, the at-least-once sender
 * with exponential backoff, and the verifier behind {@code parseWebhook}.
 */
package io.billinggateway.provider.mockfiat.webhook;

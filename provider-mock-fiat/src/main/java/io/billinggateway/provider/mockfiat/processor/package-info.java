/**
 * The mock PSP's rules: prices, checkout sessions and card payments, renewals of saved cards charged once per
 * period, refunds up to what was captured, cancellations, and the webhooks each of them owes.
 */
package io.billinggateway.provider.mockfiat.processor;

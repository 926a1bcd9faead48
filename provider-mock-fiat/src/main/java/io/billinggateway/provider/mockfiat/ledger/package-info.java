/**
 * The mock PSP's books: prices, checkout sessions, saved cards, payments, subscriptions, charges by period,
 * refunds and the webhook outbox, kept in an append-only journal under the provider's data directory so that
 * they survive a restart of the gateway the way a real PSP's records would.
 */
package io.billinggateway.provider.mockfiat.ledger;

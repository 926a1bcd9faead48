/**
 * The mock PSP's books: prices, checkout sessions, saved cards, payments, subscriptions, charges by period,
 * refunds and the webhook outbox, kept in an append-only journal under the provider's data directory so that
 * they survive a restart of the gateway the way a real PSP's records would, and so that the providers of several
 * gateway processes on one machine share them. {@link io.billinggateway.provider.mockfiat.ledger.Ledger} is the
 * entry point; {@code DirectoryLock} holds the file locks that let processes take turns.
 */
package io.billinggateway.provider.mockfiat.ledger;

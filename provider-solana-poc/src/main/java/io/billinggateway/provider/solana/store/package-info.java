/**
 * What the provider keeps in its data directory across restarts: registered plans, started checkouts (the
 * references to watch) and the events it has found, in one append-only journal.
 */
package io.billinggateway.provider.solana.store;

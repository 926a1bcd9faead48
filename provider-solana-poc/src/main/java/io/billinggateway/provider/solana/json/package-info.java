/**
 * A small strict JSON reader and writer (no dependency): JSON-RPC messages to and from Solana nodes, and the
 * lines of the provider's journal.
 */
package io.billinggateway.provider.solana.json;

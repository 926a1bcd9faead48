/** A minimal Solana JSON-RPC client over the JDK's {@link java.net.http.HttpClient}: slots, health, signatures of an address, parsed transactions. */
package io.billinggateway.provider.solana.rpc;

/**
 * Solana Pay on the merchant's side: the transfer request URL, reference keys (ed25519 through BouncyCastle) and
 * the base58 text form of keys and signatures.
 */
package io.billinggateway.provider.solana.pay;

/**
 * Confirmation of Solana Pay transfers: whether a transaction that carries a checkout's reference paid the right
 * amount of the right asset to the right recipient.
 */
package io.billinggateway.provider.solana.confirmation;

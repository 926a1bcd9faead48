/**
 * {@code gateway sandbox}: every network live on one machine in one command (issue 18). Local Anvil chains with the
 * suite deployed by the operators' deploy command, the gateway with the embedded mock PSP, demo plans, tokens and
 * copy-paste purchase commands, all as child processes stopped together.
 */
package io.billinggateway.gateway.sandbox;

/**
 * Normalised events from the network's logs, read from an opaque cursor (block number and hash) no closer to the
 * head than the confirmation depth, with reorganisation detection.
 */
package io.billinggateway.provider.evm.event;

/**
 * A small strict JSON writer and reader, so that the provider needs nothing beyond the JDK: webhook bodies,
 * answers of the hosted page's test API and lines of the ledger journal are all JSON.
 */
package io.billinggateway.provider.mockfiat.json;

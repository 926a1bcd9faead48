/**
 * Test cards and the issuer's deterministic answers to them: which cards pay, which are declined at
 * checkout, and which pay at checkout but fail on later off-session charges.
 */
package io.billinggateway.provider.mockfiat.card;

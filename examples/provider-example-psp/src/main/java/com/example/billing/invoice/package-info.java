/**
 * An example provider plugin for a small invoice PSP: one-time invoices paid on a hosted page, full and partial
 * refunds, and Standard Webhooks signed with the network's {@code webhook-secret}. It compiles against the
 * billing gateway's provider SPI only and proves itself with the conformance kit.
 */
package com.example.billing.invoice;

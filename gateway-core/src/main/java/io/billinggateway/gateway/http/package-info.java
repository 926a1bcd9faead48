/**
 * The gateway's HTTP server beyond routing: limits on the connection itself, such as the deadline by which a
 * request must have arrived completely, which keep slow or malicious clients from holding sockets open.
 */
package io.billinggateway.gateway.http;

/**
 * The gateway's log output: every message and stack trace passes through {@link io.billinggateway.router.UrlCredentials}
 * on its way out, whoever logged it (the gateway, a library, or a provider through {@code java.util.logging}, which
 * is bridged to the same output), so credentials inside a URL never reach a log line.
 */
package io.billinggateway.gateway.logging;

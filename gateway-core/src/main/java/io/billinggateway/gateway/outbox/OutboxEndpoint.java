package io.billinggateway.gateway.outbox;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

import java.net.URI;

/**
 * A receiver of the gateway's domain events: {@code billing.outbox.endpoints.<name>.url} and
 * {@code .secret}, a reference ({@code env:NAME} or {@code file:/path}) to a Standard Webhooks secret
 * ({@code whsec_<base64>}) the receiver verifies signatures with.
 */
@EachProperty("billing.outbox.endpoints")
public record OutboxEndpoint(@Parameter String name, URI url, String secret) {
}

package io.billinggateway.gateway.webhook;

import io.billinggateway.router.ProviderRouter;
import io.billinggateway.router.RoutedNetwork;
import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.Capability;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.InboundWebhook;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * Webhook endpoints. Authentication is the provider's signature check, so they are open to anonymous callers;
 * a delivery that fails verification is answered 400 and changes nothing.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class WebhookController {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);

    private final ProviderRouter router;
    private final EventInbox inbox;
    private final MeterRegistry metrics;
    private final Clock clock;

    WebhookController(ProviderRouter router, EventInbox inbox, MeterRegistry metrics, Clock clock) {
        this.router = requireNonNull(router, "router is null");
        this.inbox = requireNonNull(inbox, "inbox is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A network's webhooks (the URL each provider is given as its webhook URL). */
    @Post(value = "/v1/billing/networks/{network}/webhook", consumes = MediaType.ALL)
    EventInbox.Receipt networkWebhook(@PathVariable String network, HttpRequest<?> request) {
        return receive(router.resolve(network), request);
    }

    /**
     * Contract event relays (seed: {@code POST /v1/billing/contracts/webhook}). The network is named by the
     * {@code network} query parameter or the {@code X-Billing-Network} header.
     */
    @Post(value = "/v1/billing/contracts/webhook", consumes = MediaType.ALL)
    EventInbox.Receipt contractsWebhook(@Nullable @QueryValue String network, @Nullable @Header("X-Billing-Network") String networkHeader,
                                        HttpRequest<?> request) {
        String name = network != null ? network : networkHeader;
        if (name == null || name.isBlank()) {
            List<String> accepting = router.networks().stream().filter(candidate -> candidate.describe().supports(Capability.WEBHOOKS))
                    .map(RoutedNetwork::name).toList();
            throw new BillingException(ErrorCode.INVALID_REQUEST, "name the network with ?network=<name> or the X-Billing-Network header; networks accepting webhooks: " + accepting);
        }
        return receive(router.resolve(name), request);
    }

    private EventInbox.Receipt receive(RoutedNetwork network, HttpRequest<?> request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        InboundWebhook webhook = new InboundWebhook(headers, rawBody(request), clock.instant());
        List<BillingEvent> events;
        try {
            events = network.provider().parseWebhook(webhook);
        }
        catch (BillingException e) {
            metrics.counter("billing_webhook_rejected_total", "network", network.name(), "code", e.code().name()).increment();
            LOG.warn("webhook rejected: network={} code={} reason={}", network.name(), e.code(), e.getMessage());
            throw e;
        }
        return inbox.accept(network.name(), events);
    }

    /**
     * The body exactly as it arrived. Signatures are computed over these bytes, so the body must not pass
     * through a JSON binder, which would normalise whitespace and let an altered body verify.
     */
    private static byte[] rawBody(HttpRequest<?> request) {
        if (!(request instanceof ServerHttpRequest<?> serverRequest)) {
            throw new IllegalStateException("webhooks are received by the HTTP server only");
        }
        try (CloseableAvailableByteBody body = serverRequest.byteBody().split(ByteBody.SplitBackpressureMode.FASTEST).buffer().get(30, TimeUnit.SECONDS)) {
            return body.toByteArray();
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof ContentLengthExceededException tooLarge) {
                throw tooLarge;
            }
            throw new BillingException(ErrorCode.INVALID_REQUEST, "the webhook body could not be read completely");
        }
        catch (TimeoutException e) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "the webhook body did not arrive completely within 30 seconds");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BillingException(ErrorCode.TIMEOUT, "interrupted while reading the webhook body");
        }
    }
}

package io.billinggateway.gateway.checkout;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Starting and ending payments for the authenticated user. */
@Controller("/v1/billing")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class CheckoutController {
    static final String IDEMPOTENCY_KEY = IdempotencyKey.HEADER;
    static final String REPLAYED = "Idempotent-Replayed";

    private final CheckoutService checkout;

    CheckoutController(CheckoutService checkout) {
        this.checkout = requireNonNull(checkout, "checkout is null");
    }

    /** Buys a one-time plan: a pending ledger entry and the payload the client acts on. */
    @Post("/checkout")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "The pending payment and the payload to act on (again for a replayed Idempotency-Key)", useReturnTypeSchema = true)
    HttpResponse<CheckoutResponse> checkout(Authentication authentication, @Nullable @Header(IDEMPOTENCY_KEY) String idempotencyKey,
                                            @Body CheckoutBody body) {
        return respond(checkout.start(authentication.getName(), CheckoutService.CHECKOUT, idempotencyKey, body));
    }

    /** Starts a subscription: its first period is paid through the payload; the network then renews it. */
    @Post("/subscribe")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "The pending subscription, its first payment and the payload to act on", useReturnTypeSchema = true)
    HttpResponse<CheckoutResponse> subscribe(Authentication authentication, @Nullable @Header(IDEMPOTENCY_KEY) String idempotencyKey,
                                             @Body CheckoutBody body) {
        return respond(checkout.start(authentication.getName(), CheckoutService.SUBSCRIBE, idempotencyKey, body));
    }

    /** Ends one of the user's subscriptions. */
    @Post("/unsubscribe")
    UnsubscribeResponse unsubscribe(Authentication authentication, @Body UnsubscribeBody body) {
        return checkout.unsubscribe(authentication.getName(), body.subscriptionId());
    }

    /** @param subscriptionId the subscription to end */
    @Serdeable
    record UnsubscribeBody(UUID subscriptionId) {
    }

    private static HttpResponse<CheckoutResponse> respond(CheckoutService.Outcome outcome) {
        return HttpResponse.status(HttpStatus.CREATED).header(REPLAYED, Boolean.toString(outcome.replayed())).body(outcome.response());
    }
}

package io.billinggateway.gateway.refund;

import io.billinggateway.gateway.checkout.IdempotencyKey;
import io.billinggateway.gateway.security.Roles;
import io.billinggateway.gateway.input.Text;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;

import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Refunds of confirmed payments by {@code billing_admin}; {@link RefundService} says how a refund is recorded. */
@Controller("/v1/billing/admin/payments")
@Secured(Roles.BILLING_ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
final class AdminRefundsController {
    private final RefundService refunds;

    AdminRefundsController(RefundService refunds) {
        this.refunds = requireNonNull(refunds, "refunds is null");
    }

    /**
     * @param amount integer minor units to refund, as a string below 10^78; absent for everything not yet refunded
     * @param reason why, for the audit log and the provider: at most 2,000 characters, no control characters but line feed and tab
     */
    @Serdeable
    // amount: no length limit here, RefundInput refuses anything that is not a positive integer below 10^78, in those words
    record RefundBody(@Nullable @Text(maxLength = Integer.MAX_VALUE) String amount, @Nullable @Text(maxLength = RefundInput.REASON_LENGTH, multiline = true) String reason) {
    }

    /**
     * Refunds a confirmed payment, all of what is not yet refunded or {@code amount}. 201 with the refund; 202 with
     * status {@code unknown} when the provider refunded but the gateway could not record it yet.
     */
    @Post("/{id}/refunds")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "The refund, succeeded or pending", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "The provider refunded; the gateway has not recorded it yet (status unknown)", useReturnTypeSchema = true)
    HttpResponse<RefundView> refund(Authentication authentication, @PathVariable UUID id, @Nullable @Header(IdempotencyKey.HEADER) String idempotencyKey,
                                    @Nullable @Body RefundBody body) {
        IdempotencyKey key = new IdempotencyKey(idempotencyKey);
        RefundInput input = body == null ? RefundInput.of(null, null) : RefundInput.of(body.amount(), body.reason());
        RefundService.Answer answer = refunds.refund(authentication.getName(), id, key, input);
        return HttpResponse.<RefundView>status(answer.status()).body(answer.view());
    }
}

package io.billinggateway.gateway.staff;

import io.billinggateway.gateway.checkout.IdempotencyKey;
import io.billinggateway.gateway.input.Text;
import io.billinggateway.gateway.input.TextRules;
import io.billinggateway.gateway.ledger.LedgerStatus;
import io.billinggateway.gateway.billing.Payments;
import io.billinggateway.gateway.problem.InvalidRequestException;
import io.billinggateway.gateway.problem.UnprocessableRequestException;
import io.billinggateway.gateway.security.Roles;
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

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The staff actions that change billing state, {@code billing_admin} only: cancel a subscription (now or at period
 * end), retry its failed renewal now, correct a payment's status. Each needs a reason and an {@code Idempotency-Key};
 * {@link StaffActions} says how each is recorded.
 */
@Controller("/v1/billing/admin")
@Secured(Roles.BILLING_ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
final class StaffActionsController {
    static final int REASON_LENGTH = 2000;
    private static final List<String> WHEN = List.of("now", "period_end");

    private final StaffActions actions;

    StaffActionsController(StaffActions actions) {
        this.actions = requireNonNull(actions, "actions is null");
    }

    /** @param when {@code now} or {@code period_end} */
    @Serdeable
    record CancelBody(@Nullable @Text(maxLength = 16) String when, @Nullable @Text(maxLength = REASON_LENGTH, multiline = true) String reason) {
    }

    @Serdeable
    record RetryBody(@Nullable @Text(maxLength = REASON_LENGTH, multiline = true) String reason) {
    }

    /** @param toStatus {@code confirmed} or {@code failed} */
    @Serdeable
    record CorrectionBody(@Nullable @Text(maxLength = 16) String toStatus, @Nullable @Text(maxLength = REASON_LENGTH, multiline = true) String reason) {
    }

    /** Cancels a subscription now or at the end of its period, through the provider's operator cancel where it has one. */
    @Post("/subscriptions/{id}/cancel")
    HttpResponse<StaffActionResult> cancel(Authentication authentication, @PathVariable UUID id, @Nullable @Header(IdempotencyKey.HEADER) String idempotencyKey,
                                           @Nullable @Body CancelBody body) {
        IdempotencyKey key = new IdempotencyKey(idempotencyKey);
        InvalidRequestException.Collector errors = new InvalidRequestException.Collector();
        String when = body == null ? null : body.when();
        if (when == null || !WHEN.contains(when)) {
            errors.add("when", "is required: \"now\" or \"period_end\"");
        }
        String reason = reason(errors, body == null ? null : body.reason());
        errors.throwIfAny();
        StaffActions.Request request = new StaffActions.Request(authentication.getName(), key, "subscription.cancel", id, "when=" + when, reason);
        return answer(actions.cancel(request, when.equals("now") ? StaffActions.When.NOW : StaffActions.When.PERIOD_END));
    }

    /** Makes a past-due subscription's failed renewal due now, so the next charge round retries it. */
    @Post("/subscriptions/{id}/retry")
    HttpResponse<StaffActionResult> retry(Authentication authentication, @PathVariable UUID id, @Nullable @Header(IdempotencyKey.HEADER) String idempotencyKey,
                                          @Nullable @Body RetryBody body) {
        IdempotencyKey key = new IdempotencyKey(idempotencyKey);
        InvalidRequestException.Collector errors = new InvalidRequestException.Collector();
        String reason = reason(errors, body == null ? null : body.reason());
        errors.throwIfAny();
        return answer(actions.retry(new StaffActions.Request(authentication.getName(), key, "subscription.retry", id, "", reason)));
    }

    /** Corrects a payment's status by appending a correcting transition to its history; nothing is rewritten. */
    @Post("/payments/{id}/corrections")
    HttpResponse<StaffActionResult> correct(Authentication authentication, @PathVariable UUID id, @Nullable @Header(IdempotencyKey.HEADER) String idempotencyKey,
                                            @Nullable @Body CorrectionBody body) {
        IdempotencyKey key = new IdempotencyKey(idempotencyKey);
        InvalidRequestException.Collector errors = new InvalidRequestException.Collector();
        String toStatus = body == null ? null : body.toStatus();
        if (toStatus == null || toStatus.isBlank()) {
            errors.add("toStatus", "is required: one of " + correctable());
        }
        String reason = reason(errors, body == null ? null : body.reason());
        errors.throwIfAny();
        LedgerStatus to = Arrays.stream(LedgerStatus.values()).filter(status -> status.value().equals(toStatus)).findFirst()
                .filter(Payments.CORRECTABLE_TO::contains)
                .orElseThrow(() -> new UnprocessableRequestException("INVALID_TARGET_STATUS", "toStatus: a correction moves a payment to one of "
                        + correctable() + ", not '" + TextRules.printable(toStatus) + "'; a refund is made with POST /v1/billing/admin/payments/{id}/refunds"));
        return answer(actions.correct(new StaffActions.Request(authentication.getName(), key, "payment.correct", id, "toStatus=" + to.value(), reason), to));
    }

    private static String reason(InvalidRequestException.Collector errors, String reason) {
        if (reason == null || reason.isBlank()) {
            errors.add("reason", "is required: say why, for the audit log and the status history");
            return null;
        }
        TextRules.check(errors, "reason", reason, REASON_LENGTH, true);
        return reason;
    }

    private static String correctable() {
        return Payments.CORRECTABLE_TO.stream().map(LedgerStatus::value).sorted().toList().toString().toLowerCase(Locale.ROOT);
    }

    private static HttpResponse<StaffActionResult> answer(StaffActions.Answer answer) {
        return HttpResponse.<StaffActionResult>status(answer.status()).body(answer.result());
    }
}

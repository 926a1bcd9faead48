package io.billinggateway.gateway.checkout;

import io.billinggateway.gateway.plan.PlanRegistrationRow;
import io.billinggateway.gateway.problem.UnprocessableRequestException;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which of a plan's prices on a network a checkout pays: a network may sell a plan in several assets (the native coin
 * and tokens), and the buyer names one with {@code asset} (or {@code token}). A single price needs no choice; several
 * without one, or an asset the plan is not sold in, is a 422 that lists the choices, since guessing would charge the
 * buyer in an asset they did not pick.
 */
final class PriceChoice {
    static final String ASSET_REQUIRED = "ASSET_REQUIRED";
    static final String ASSET_NOT_SOLD = "ASSET_NOT_SOLD";

    private PriceChoice() {
    }

    static PlanRegistrationRow choose(String planSlug, String network, List<PlanRegistrationRow> registrations, CheckoutBody body) {
        List<PlanRegistrationRow> active = registrations.stream().filter(PlanRegistrationRow::active).toList();
        if (active.isEmpty()) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "plan '" + planSlug + "' is not sold on network '" + network + "'");
        }
        Optional<String> asked = asked(body);
        if (asked.isEmpty()) {
            if (active.size() == 1) {
                return active.getFirst();
            }
            throw new UnprocessableRequestException(ASSET_REQUIRED, "plan '" + planSlug + "' has several prices on network '" + network + "' ("
                    + choices(active) + "); choose one with \"asset\", e.g. \"asset\": \"" + active.getFirst().asset() + "\"");
        }
        return active.stream().filter(row -> row.asset().equals(asked.get())).findFirst()
                .or(() -> active.stream().filter(row -> row.asset().equalsIgnoreCase(asked.get())).findFirst())
                .orElseThrow(() -> new UnprocessableRequestException(ASSET_NOT_SOLD, "plan '" + planSlug + "' is not sold in '" + asked.get()
                        + "' on network '" + network + "'; it is sold there in " + choices(active)));
    }

    private static Optional<String> asked(CheckoutBody body) {
        Optional<String> asset = Optional.ofNullable(body.asset()).map(String::strip).filter(value -> !value.isEmpty());
        Optional<String> token = Optional.ofNullable(body.token()).map(String::strip).filter(value -> !value.isEmpty());
        if (asset.isPresent() && token.isPresent() && !asset.get().equalsIgnoreCase(token.get())) {
            throw new BillingException(ErrorCode.INVALID_REQUEST, "asset '" + asset.get() + "' and token '" + token.get()
                    + "' name different assets; give one of them");
        }
        return asset.or(() -> token);
    }

    private static String choices(List<PlanRegistrationRow> prices) {
        return prices.stream().map(row -> row.asset() + " " + row.price()).collect(Collectors.joining(", "));
    }
}

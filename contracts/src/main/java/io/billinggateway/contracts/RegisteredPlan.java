package io.billinggateway.contracts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.Duration;

/** A plan as the PlanManager stores it under its hash. */
public record RegisteredPlan(
        String planHash, String author, String merchant, String token, BigInteger price, Duration period, PlanStatus status) {

    public RegisteredPlan {
        planHash = Hex.bytes32(planHash);
        author = Hex.address(author);
        merchant = Hex.address(merchant);
        token = Hex.address(token);
        requireNonNull(price, "price is null");
        requireNonNull(period, "period is null");
        requireNonNull(status, "status is null");
    }
}

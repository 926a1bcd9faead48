package io.billinggateway.provider.evm;

import io.billinggateway.contracts.ContractRevertException;
import io.billinggateway.contracts.EvmRpcException;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;

import java.util.function.Supplier;

/**
 * Turns what the bindings and the node throw into the SPI's one exception: a node that cannot be reached is
 * {@link ErrorCode#NETWORK_UNAVAILABLE} (retryable); a revert becomes the code that fits its custom error.
 */
public final class ContractFailures {
    private ContractFailures() {
    }

    /** Runs a read ({@code eth_call}) of the bindings, mapping its failures. */
    public static <T> T read(String what, Supplier<T> call) {
        try {
            return call.get();
        }
        catch (RuntimeException e) {
            throw of(what, e);
        }
    }

    public static BillingException of(String what, RuntimeException failure) {
        return switch (failure) {
            case BillingException billing -> billing;
            case ContractRevertException revert -> revert(what, revert);
            case EvmRpcException rpc -> new BillingException(ErrorCode.NETWORK_UNAVAILABLE, what + " failed: " + rpc.getMessage(), rpc);
            default -> new BillingException(ErrorCode.INTERNAL, what + " failed: " + failure, failure);
        };
    }

    public static BillingException revert(String what, ContractRevertException revert) {
        ErrorCode code = switch (revert.errorName()) {
            case "MissingRole", "AccessControlUnauthorizedAccount", "ServiceNotRegistered" -> ErrorCode.CONFIGURATION_INVALID;
            case "PlanNotFound", "SubscriptionNotActive", "NotSubscriber" -> ErrorCode.NOT_FOUND;
            case "PlanNotActive", "AlreadySubscribed", "PlanAlreadyExists", "ActivePlanLimitReached", "ListingAlreadyConsumed",
                 "ListingIsRevoked", "ChargeNotDue", "SubscriptionChargeable", "PlanStatusChangeNotAllowed" -> ErrorCode.CONFLICT;
            case "InsufficientAllowance", "InsufficientBalance", "InsufficientDeposit" -> ErrorCode.INSUFFICIENT_FUNDS;
            case "TokenNotSupported", "PaymentPairNotSupported", "InvalidPlanTerms", "PlanSignatureExpired", "ListingExpired",
                 "NativeValueNotAccepted", "IncorrectPayment", "PriceAboveMaximum", "BatchTooLarge" -> ErrorCode.INVALID_REQUEST;
            default -> ErrorCode.INTERNAL;
        };
        String hint = code == ErrorCode.CONFIGURATION_INVALID ? " (a configured key lacks its role, or the suite is not wired in the CoreSystem)" : "";
        return new BillingException(code, what + " reverted: " + revert.errorName() + revert.arguments() + hint, revert);
    }
}

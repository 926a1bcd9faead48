package io.billinggateway.contracts.deploy;

import static java.util.Objects.requireNonNull;

import io.billinggateway.contracts.Hex;
import io.billinggateway.contracts.Role;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to deploy and whom to grant roles.
 *
 * @param instanceLabel the deployment's label in the CoreSystem registry (its id is {@code keccak256(label)})
 * @param gateway which gateway to deploy
 * @param feeReceiver receives the fee-taking gateway's fees
 * @param feeBps the fee-taking gateway's fee in basis points (at most 1000)
 * @param token {@link TokenChoice#none()}, a {@link TokenChoice#testToken()} to deploy, or an existing token
 * @param roleAccounts accounts to hold each role; roles not listed are granted to nobody
 */
public record DeploymentSettings(
        String instanceLabel,
        GatewayKind gateway,
        String feeReceiver,
        int feeBps,
        TokenChoice token,
        long activePlanLimit,
        int batchLimit,
        int maxRetries,
        Duration retryDelay,
        Duration adminTransferDelay,
        Map<Role, List<String>> roleAccounts) {

    /** The SubscriptionManager's bounds on the retry policy ({@code MAX_RETRIES}, {@code MIN_RETRY_DELAY}, {@code MAX_RETRY_DELAY}). */
    public static final int MAX_RETRIES = 30;
    public static final Duration MIN_RETRY_DELAY = Duration.ofHours(1);
    public static final Duration MAX_RETRY_DELAY = Duration.ofDays(30);

    public enum GatewayKind {
        /** {@code PaymentGateway}: fee in basis points, supported tokens, conversion rates, discount hook. */
        FEE,
        /** {@code LocalPaymentGateway}: no fee, every pair 1:1; for local networks. */
        LOCAL
    }

    /** Which payment token the network's configuration records. */
    public record TokenChoice(boolean deployTestToken, Optional<String> existing) {
        public TokenChoice {
            requireNonNull(existing, "existing is null");
            existing = existing.map(Hex::address);
            if (deployTestToken && existing.isPresent()) {
                throw new IllegalArgumentException("either deploy a test token or use an existing one, not both");
            }
        }

        public static TokenChoice none() {
            return new TokenChoice(false, Optional.empty());
        }

        public static TokenChoice testToken() {
            return new TokenChoice(true, Optional.empty());
        }

        public static TokenChoice existing(String address) {
            return new TokenChoice(false, Optional.of(address));
        }
    }

    public DeploymentSettings {
        requireNonNull(instanceLabel, "instanceLabel is null");
        requireNonNull(gateway, "gateway is null");
        feeReceiver = Hex.address(feeReceiver);
        if (feeBps < 0 || feeBps > 1000) {
            throw new IllegalArgumentException("feeBps must be between 0 and 1000: " + feeBps);
        }
        requireNonNull(token, "token is null");
        if (activePlanLimit <= 0 || batchLimit <= 0 || maxRetries < 0 || maxRetries > MAX_RETRIES) {
            throw new IllegalArgumentException("limits must be positive and maxRetries at most " + MAX_RETRIES);
        }
        requireNonNull(retryDelay, "retryDelay is null");
        if (retryDelay.compareTo(MIN_RETRY_DELAY) < 0 || retryDelay.compareTo(MAX_RETRY_DELAY) > 0) {
            throw new IllegalArgumentException("retryDelay must be between " + MIN_RETRY_DELAY + " and " + MAX_RETRY_DELAY + ": " + retryDelay);
        }
        requireNonNull(adminTransferDelay, "adminTransferDelay is null");
        Map<Role, List<String>> roles = new EnumMap<>(Role.class);
        requireNonNull(roleAccounts, "roleAccounts is null")
                .forEach((role, accounts) -> roles.put(role, accounts.stream().map(Hex::address).distinct().toList()));
        roleAccounts = Map.copyOf(roles);
    }
}

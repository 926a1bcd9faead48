package io.billinggateway.contracts.deploy;

import static java.util.Objects.requireNonNull;

import io.billinggateway.contracts.ContractArtifact;
import io.billinggateway.contracts.ContractCall;
import io.billinggateway.contracts.ContractRevertException;
import io.billinggateway.contracts.CoreSystem;
import io.billinggateway.contracts.EvmRpcException;
import io.billinggateway.contracts.Marketplace;
import io.billinggateway.contracts.PaymentGateway;
import io.billinggateway.contracts.PlanManager;
import io.billinggateway.contracts.Role;
import io.billinggateway.contracts.SubscriptionManager;
import io.billinggateway.contracts.TestToken;
import io.billinggateway.contracts.TransactionSender;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Brings one network's suite to the desired state: deploys what is missing, registers the services in the
 * CoreSystem, grants the configured roles. What is already in place is checked and left alone, so running it
 * again sends no transaction. Roles held by accounts that are not configured are never revoked: revoking is a
 * deliberate admin action.
 *
 * <p>The deployer account becomes the CoreSystem's default admin and, to register services, a FEATURE_OWNER.
 */
public final class SuiteDeployer {
    /** The outcome: the suite's addresses and one line per change made (empty when nothing changed). */
    public record Report(DeployedSuite suite, List<String> changes, List<String> warnings) {
        public Report {
            requireNonNull(suite, "suite is null");
            changes = List.copyOf(changes);
            warnings = List.copyOf(warnings);
        }
    }

    private final Web3j web3j;
    private final TransactionSender sender;
    private final Consumer<String> progress;

    /** @param progress receives a line for each change as it is made */
    public SuiteDeployer(Web3j web3j, TransactionSender sender, Consumer<String> progress) {
        this.web3j = requireNonNull(web3j, "web3j is null");
        this.sender = requireNonNull(sender, "sender is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * @param existing what the network's configuration already records; each address is verified on chain
     * @param checkpoint receives the suite after each deployed contract, so that a failure halfway is resumed
     *     rather than deployed twice
     * @throws DeploymentException if a recorded address holds no contract or the wrong one, or the configuration
     *     contradicts the settings
     */
    public Report deploy(DeploymentSettings settings, DeployedSuite existing, Consumer<DeployedSuite> checkpoint) {
        requireNonNull(settings, "settings is null");
        requireNonNull(existing, "existing is null");
        requireNonNull(checkpoint, "checkpoint is null");
        List<String> changes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String instanceId = CoreSystem.instanceId(settings.instanceLabel());
        DeployedSuite suite = existing;

        // Contracts, in dependency order.
        String token = null;
        if (suite.token().isPresent()) {
            token = suite.token().get();
            Optional<String> wanted = settings.token().existing();
            if (wanted.isPresent() && !wanted.get().equals(token)) {
                throw new DeploymentException(DeployedSuite.TOKEN_KEY + " is " + token + " in the configuration but "
                        + wanted.get() + " was asked for; edit the configuration to change tokens");
            }
            requireCode(DeployedSuite.TOKEN_KEY, token);
        } else if (settings.token().existing().isPresent()) {
            token = settings.token().existing().get();
            requireCode("--token", token);
            suite = suite.withToken(token);
            changes.add(record("recorded token " + token));
            checkpoint.accept(suite);
        } else if (settings.token().deployTestToken()) {
            token = TestToken.deploy(sender, web3j, "Billing Test Token", "BTT").address();
            suite = suite.withToken(token);
            changes.add(record("deployed TestToken at " + token + " (anyone can mint it: test networks only)"));
            checkpoint.accept(suite);
        }

        CoreSystem core;
        if (suite.coreSystem().isPresent()) {
            core = CoreSystem.at(suite.coreSystem().get(), web3j);
            verify(DeployedSuite.CORE_SYSTEM_KEY, core.address(), core::typeAndVersion, core::suiteVersion, "CoreSystem ");
        } else {
            core = CoreSystem.deploy(sender, web3j, settings.adminTransferDelay(), sender.address());
            suite = suite.withCoreSystem(core.address());
            changes.add(record("deployed CoreSystem at " + core.address() + " (default admin " + sender.address() + ")"));
            checkpoint.accept(suite);
        }

        PaymentGateway gateway;
        String gatewayType = settings.gateway() == DeploymentSettings.GatewayKind.FEE ? "PaymentGateway " : "LocalPaymentGateway ";
        if (suite.paymentGateway().isPresent()) {
            gateway = PaymentGateway.at(suite.paymentGateway().get(), web3j);
            verify(DeployedSuite.PAYMENT_GATEWAY_KEY, gateway.address(), gateway::typeAndVersion, gateway::suiteVersion, gatewayType);
            verifyCore(DeployedSuite.PAYMENT_GATEWAY_KEY, gateway.core(), core);
            verifyInstance(DeployedSuite.PAYMENT_GATEWAY_KEY, gateway.instanceId(), instanceId, settings);
        } else {
            List<String> supported = new ArrayList<>();
            supported.add(PaymentGateway.NATIVE_COIN);
            if (token != null) {
                supported.add(token);
            }
            gateway = settings.gateway() == DeploymentSettings.GatewayKind.FEE
                    ? PaymentGateway.deploy(sender, web3j, core.address(), instanceId, settings.feeReceiver(), settings.feeBps(), supported)
                    : PaymentGateway.deployLocal(sender, web3j, core.address(), instanceId);
            suite = suite.withPaymentGateway(gateway.address());
            changes.add(record("deployed " + gatewayType.trim() + " at " + gateway.address()));
            checkpoint.accept(suite);
        }

        PlanManager planManager;
        if (suite.planManager().isPresent()) {
            planManager = PlanManager.at(suite.planManager().get(), web3j);
            verify(DeployedSuite.PLAN_MANAGER_KEY, planManager.address(), planManager::typeAndVersion, planManager::suiteVersion, "PlanManager ");
            verifyCore(DeployedSuite.PLAN_MANAGER_KEY, planManager.core(), core);
        } else {
            planManager = PlanManager.deploy(sender, web3j, core.address(), settings.activePlanLimit());
            suite = suite.withPlanManager(planManager.address());
            changes.add(record("deployed PlanManager at " + planManager.address()));
            checkpoint.accept(suite);
        }

        SubscriptionManager subscriptions;
        if (suite.subscriptionManager().isPresent()) {
            subscriptions = SubscriptionManager.at(suite.subscriptionManager().get(), web3j);
            verify(DeployedSuite.SUBSCRIPTION_MANAGER_KEY, subscriptions.address(), subscriptions::typeAndVersion, subscriptions::suiteVersion,
                    "SubscriptionManager ");
            verifyCore(DeployedSuite.SUBSCRIPTION_MANAGER_KEY, subscriptions.core(), core);
            verifyInstance(DeployedSuite.SUBSCRIPTION_MANAGER_KEY, subscriptions.instanceId(), instanceId, settings);
        } else {
            subscriptions = SubscriptionManager.deploy(sender, web3j, core.address(), instanceId, settings.batchLimit(),
                    settings.maxRetries(), settings.retryDelay());
            suite = suite.withSubscriptionManager(subscriptions.address());
            changes.add(record("deployed SubscriptionManager at " + subscriptions.address()));
            checkpoint.accept(suite);
        }

        Marketplace marketplace;
        if (suite.marketplace().isPresent()) {
            marketplace = Marketplace.at(suite.marketplace().get(), web3j);
            verify(DeployedSuite.MARKETPLACE_KEY, marketplace.address(), marketplace::typeAndVersion, marketplace::suiteVersion, "Marketplace ");
            verifyCore(DeployedSuite.MARKETPLACE_KEY, marketplace.core(), core);
            verifyInstance(DeployedSuite.MARKETPLACE_KEY, marketplace.instanceId(), instanceId, settings);
        } else {
            marketplace = Marketplace.deploy(sender, web3j, core.address(), instanceId);
            suite = suite.withMarketplace(marketplace.address());
            changes.add(record("deployed Marketplace at " + marketplace.address()));
            checkpoint.accept(suite);
        }

        // Service registry. A first registration takes effect at once; replacing a registered service is scheduled
        // and executed by a later run once the CoreSystem's delay has passed.
        Map<String, String> services = new LinkedHashMap<>();
        services.put(CoreSystem.PAYMENT_GATEWAY_SERVICE, gateway.address());
        services.put(CoreSystem.PLAN_MANAGER_SERVICE, planManager.address());
        services.put(CoreSystem.SUBSCRIPTION_MANAGER_SERVICE, subscriptions.address());
        services.put(CoreSystem.MARKETPLACE_SERVICE, marketplace.address());
        for (Map.Entry<String, String> service : services.entrySet()) {
            Optional<String> registered = core.getService(instanceId, service.getKey());
            if (registered.equals(Optional.of(service.getValue()))) {
                continue;
            }
            ensureRole(core, Role.FEATURE_OWNER, sender.address(), changes);
            if (registered.isEmpty()) {
                send(core.setService(instanceId, service.getKey(), service.getValue()), "registering " + service.getKey());
                changes.add(record("registered " + service.getKey() + " = " + service.getValue() + " for instance '"
                        + settings.instanceLabel() + "'"));
                continue;
            }
            changeRegisteredService(core, instanceId, service.getKey(), service.getValue(), registered.get(), changes, warnings);
        }

        // Roles.
        ensureRole(core, Role.PAYMENT_MODULE, subscriptions.address(), changes);
        ensureRole(core, Role.PAYMENT_MODULE, marketplace.address(), changes);
        for (Role role : Role.values()) {
            for (String account : settings.roleAccounts().getOrDefault(role, List.of())) {
                ensureRole(core, role, account, changes);
            }
        }

        // What only a governor can fix is reported, not changed.
        if (settings.gateway() == DeploymentSettings.GatewayKind.FEE) {
            List<String> tokens = new ArrayList<>(List.of(PaymentGateway.NATIVE_COIN));
            if (token != null) {
                tokens.add(token);
            }
            for (String supported : tokens) {
                if (!gateway.isTokenSupported(supported)) {
                    warnings.add("the gateway does not accept token " + supported
                            + "; a GOVERNOR must call setTokenSupported(" + supported + ", true)");
                }
            }
            if (gateway.feeBps() != settings.feeBps()) {
                warnings.add("the gateway's fee is " + gateway.feeBps() + " bps, not the " + settings.feeBps()
                        + " asked for; a GOVERNOR changes it with setFeeBps");
            }
            if (!gateway.feeReceiver().equals(settings.feeReceiver())) {
                warnings.add("the gateway's fee receiver is " + gateway.feeReceiver() + ", not " + settings.feeReceiver()
                        + "; a GOVERNOR changes it with setFeeReceiver");
            }
        }
        return new Report(suite, changes, warnings);
    }

    /** Schedules the replacement of a registered service, or executes it once its delay has passed. */
    private void changeRegisteredService(CoreSystem core, String instanceId, String name, String service, String registered,
            List<String> changes, List<String> warnings) {
        Optional<CoreSystem.ScheduledServiceChange> scheduled = core.scheduledServiceChange(instanceId, name);
        if (scheduled.isEmpty() || !scheduled.get().service().equals(service)) {
            send(core.scheduleServiceChange(instanceId, name, service), "scheduling the change of " + name);
            scheduled = core.scheduledServiceChange(instanceId, name);
            changes.add(record("scheduled " + name + " = " + service + " (now " + registered + "), executable from "
                    + scheduled.map(CoreSystem.ScheduledServiceChange::executableAt).orElseThrow()));
        }
        java.time.Instant executableAt = scheduled.orElseThrow().executableAt();
        if (latestBlockTime().isBefore(executableAt)) {
            warnings.add(name + " is still " + registered + ": the change to " + service + " can be executed from " + executableAt
                    + " (the CoreSystem's service change delay); run the deploy command again then");
            return;
        }
        send(core.executeServiceChange(instanceId, name), "executing the change of " + name);
        changes.add(record("registered " + name + " = " + service + " (was " + registered + ")"));
    }

    private java.time.Instant latestBlockTime() {
        try {
            return java.time.Instant.ofEpochSecond(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()
                    .getBlock().getTimestamp().longValueExact());
        } catch (java.io.IOException e) {
            throw new EvmRpcException("eth_getBlockByNumber failed: " + e.getMessage(), e);
        }
    }

    private void ensureRole(CoreSystem core, Role role, String account, List<String> changes) {
        if (core.hasRole(role, account)) {
            return;
        }
        send(core.grantRole(role, account), "granting " + role + " to " + account);
        changes.add(record("granted " + role + " to " + account));
    }

    private void send(ContractCall call, String what) {
        try {
            sender.send(call);
        } catch (ContractRevertException e) {
            String hint = e.errorName().equals("AccessControlUnauthorizedAccount")
                    ? ": the deployer " + sender.address() + " is not the CoreSystem's admin"
                    : ": " + e.getMessage();
            throw new DeploymentException(what + " failed" + hint);
        }
    }

    private void requireCode(String key, String address) {
        String code = io.billinggateway.contracts.Hex.isAddress(address) ? codeAt(address) : "0x";
        if (code.equals("0x") || code.isEmpty()) {
            throw new DeploymentException(key + " " + address + " has no contract code on this chain: wrong network, "
                    + "or the chain was reset; remove the address from the configuration to deploy anew");
        }
    }

    private void verify(String key, String address, Supplier<String> typeAndVersion, IntSupplier suiteVersion, String expectedType) {
        requireCode(key, address);
        String found;
        try {
            found = typeAndVersion.get();
        } catch (ContractRevertException | EvmRpcException e) {
            found = "an unknown contract";
        }
        if (!found.startsWith(expectedType)) {
            throw new DeploymentException(key + " " + address + " is " + found + ", not a " + expectedType.trim());
        }
        int expected = ContractArtifact.currentSuiteVersion();
        int deployed;
        try {
            deployed = suiteVersion.getAsInt();
        } catch (ContractRevertException | EvmRpcException e) {
            // Suite 1 had no SUITE_VERSION.
            deployed = 1;
        }
        if (deployed != expected) {
            throw new DeploymentException(key + " " + address + " is " + found + " of suite " + deployed + " but this build deploys suite "
                    + expected + ", which cannot be mixed with it: deploy a new suite (remove the addresses from the configuration) "
                    + "and move subscribers as contracts/README.md describes under 'Upgrading a deployed suite'");
        }
    }

    private static void verifyCore(String key, String actualCore, CoreSystem core) {
        if (!actualCore.equals(core.address())) {
            throw new DeploymentException(key + " belongs to CoreSystem " + actualCore + ", not to " + core.address());
        }
    }

    private static void verifyInstance(String key, String actual, String expected, DeploymentSettings settings) {
        if (!actual.equals(expected)) {
            throw new DeploymentException(key + " was deployed for another instance than '" + settings.instanceLabel() + "'");
        }
    }

    private String codeAt(String address) {
        try {
            return web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
        } catch (java.io.IOException e) {
            throw new EvmRpcException("eth_getCode " + address + " failed: " + e.getMessage(), e);
        }
    }

    private String record(String change) {
        progress.accept(change);
        return change;
    }
}

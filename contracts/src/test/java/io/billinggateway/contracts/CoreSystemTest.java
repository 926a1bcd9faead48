package io.billinggateway.contracts;

import static io.billinggateway.contracts.ContractAssertions.assertReverts;
import static io.billinggateway.contracts.EventAssertions.assertEmits;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

class CoreSystemTest {
    private static TestingAnvil anvil;
    private static TestingBillingSuite suite;

    @BeforeAll
    static void startChain() {
        anvil = TestingAnvil.start(1);
        suite = TestingBillingSuite.deploy(anvil);
    }

    @AfterAll
    static void stopChain() {
        anvil.close();
    }

    @Test
    void roleIdsMatchTheContract() {
        for (Role role : Role.values()) {
            String constant = role.name() + "_ROLE";
            assertThat(role.id()).as(constant).isEqualTo(
                    Hex.bytes32(Hash.sha3(constant.getBytes(StandardCharsets.UTF_8))));
        }
        // The deployer granted each configured role to exactly its account.
        CoreSystem core = suite.core();
        assertThat(core.hasRole(Role.AUTHOR, suite.author().getAddress())).isTrue();
        assertThat(core.hasRole(Role.OPERATOR, suite.operator().getAddress())).isTrue();
        assertThat(core.hasRole(Role.AUTOMATION, suite.automation().getAddress())).isTrue();
        assertThat(core.hasRole(Role.GOVERNOR, suite.governor().getAddress())).isTrue();
        assertThat(core.hasRole(Role.AUTOMATION, suite.author().getAddress())).isFalse();
        assertThat(core.hasRole(Role.PAYMENT_MODULE, suite.subscriptions().address())).isTrue();
        assertThat(core.hasRole(Role.PAYMENT_MODULE, suite.marketplace().address())).isTrue();
        assertThat(core.defaultAdmin()).isEqualTo(Hex.address(suite.admin().getAddress()));
        assertThat(core.typeAndVersion()).isEqualTo("CoreSystem 2.0.0");
    }

    @Test
    void adminGrantsAndRevokesRoles() {
        CoreSystem core = suite.core();
        Credentials keeper = anvil.newAccount();
        assertEmits(suite.send(suite.admin(), core.grantRole(Role.AUTOMATION, keeper.getAddress())), "CoreSystem", core.address(), "RoleGranted");
        assertThat(core.hasRole(Role.AUTOMATION, keeper.getAddress())).isTrue();

        // A compromised keeper is cut off.
        assertEmits(suite.send(suite.admin(), core.revokeRole(Role.AUTOMATION, keeper.getAddress())), "CoreSystem", core.address(), "RoleRevoked");
        assertThat(core.hasRole(Role.AUTOMATION, keeper.getAddress())).isFalse();
    }

    @Test
    void onlyTheAdminGrantsRoles() {
        CoreSystem core = suite.core();
        Credentials outsider = anvil.newAccount();
        assertReverts("AccessControlUnauthorizedAccount",
                () -> suite.send(outsider, core.grantRole(Role.AUTOMATION, outsider.getAddress())));
        // Not even a governor.
        assertReverts("AccessControlUnauthorizedAccount",
                () -> suite.send(suite.governor(), core.grantRole(Role.GOVERNOR, outsider.getAddress())));
    }

    @Test
    void serviceRegistryNeedsFeatureOwner() {
        CoreSystem core = suite.core();
        String instance = CoreSystem.instanceId("registry-test");
        String service = anvil.newAccount().getAddress();
        Credentials owner = anvil.newAccount();

        assertReverts("AccessControlUnauthorizedAccount",
                () -> suite.send(owner, core.setService(instance, "PriceOracle", service)));

        suite.send(suite.admin(), core.grantRole(Role.FEATURE_OWNER, owner.getAddress()));
        assertEmits(suite.send(owner, core.setService(instance, "PriceOracle", service)), "CoreSystem", core.address(), "ServiceSet");
        assertThat(core.getService(instance, "PriceOracle")).contains(Hex.address(service));
        assertThat(core.getService(instance, "Permit2")).isEmpty();
        assertThat(core.getService(CoreSystem.instanceId("other"), "PriceOracle")).isEmpty();

        assertReverts("EmptyServiceName", () -> suite.send(owner, core.setService(instance, "", service)));
        assertReverts("ServiceAlreadyRegistered", () -> suite.send(owner, core.setService(instance, "PriceOracle", owner.getAddress())));
        assertReverts("ZeroServiceAddress", () -> suite.send(owner, core.setService(instance, "Permit2", Hex.ZERO_ADDRESS)));
    }

    /** Issue 13: a FEATURE_OWNER repointed the registry and the change took effect at once. */
    @Test
    void aRegisteredServiceChangesOnlyAfterTheDelay() {
        CoreSystem core = suite.core();
        String instance = CoreSystem.instanceId("delay-test");
        String registered = anvil.newAccount().getAddress();
        String replacement = anvil.newAccount().getAddress();
        suite.send(suite.admin(), core.setService(instance, "PriceOracle", registered));
        assertThat(core.serviceChangeDelay()).isEqualTo(CoreSystem.SERVICE_CHANGE_DELAY).isEqualTo(Duration.ofDays(2));

        assertReverts("AccessControlUnauthorizedAccount",
                () -> suite.send(anvil.newAccount(), core.scheduleServiceChange(instance, "PriceOracle", replacement)));
        assertReverts("NoScheduledChange", () -> suite.send(suite.admin(), core.executeServiceChange(instance, "PriceOracle")));
        TransactionReceipt scheduled = suite.send(suite.admin(), core.scheduleServiceChange(instance, "PriceOracle", replacement));
        assertEmits(scheduled, "CoreSystem", core.address(), "ServiceChangeScheduled");
        Instant executableAt = core.scheduledServiceChange(instance, "PriceOracle").orElseThrow().executableAt();
        assertThat(executableAt).isEqualTo(anvil.now().plus(CoreSystem.SERVICE_CHANGE_DELAY));

        anvil.setNextBlockTimestamp(executableAt.minusSeconds(60));
        anvil.mine();
        assertReverts("ServiceChangeNotReady", () -> suite.send(suite.admin(), core.executeServiceChange(instance, "PriceOracle")));
        assertThat(core.getService(instance, "PriceOracle")).contains(Hex.address(registered));

        anvil.setNextBlockTimestamp(executableAt);
        anvil.mine();
        assertEmits(suite.send(suite.admin(), core.executeServiceChange(instance, "PriceOracle")), "CoreSystem", core.address(), "ServiceSet");
        assertThat(core.getService(instance, "PriceOracle")).contains(Hex.address(replacement));
        assertThat(core.scheduledServiceChange(instance, "PriceOracle")).isEmpty();

        // Removing is a change like any other, and a scheduled change can be called off.
        suite.send(suite.admin(), core.scheduleServiceChange(instance, "PriceOracle", Hex.ZERO_ADDRESS));
        assertEmits(suite.send(suite.admin(), core.cancelServiceChange(instance, "PriceOracle")), "CoreSystem", core.address(),
                "ServiceChangeCancelled");
        anvil.increaseTime(CoreSystem.SERVICE_CHANGE_DELAY);
        anvil.mine();
        assertReverts("NoScheduledChange", () -> suite.send(suite.admin(), core.executeServiceChange(instance, "PriceOracle")));
        assertThat(core.getService(instance, "PriceOracle")).contains(Hex.address(replacement));
    }

    @Test
    void modulesAreRegisteredForTheDefaultInstance() {
        CoreSystem core = suite.core();
        String instance = CoreSystem.instanceId("default");
        assertThat(core.getService(instance, CoreSystem.PAYMENT_GATEWAY_SERVICE)).contains(suite.gateway().address());
        assertThat(core.getService(instance, CoreSystem.PLAN_MANAGER_SERVICE)).contains(suite.plans().address());
        assertThat(core.getService(instance, CoreSystem.SUBSCRIPTION_MANAGER_SERVICE)).contains(suite.subscriptions().address());
        assertThat(core.getService(instance, CoreSystem.MARKETPLACE_SERVICE)).contains(suite.marketplace().address());
    }

    @Test
    void everyModuleReportsTheSuiteVersionOfTheArtifacts() {
        int version = ContractArtifact.currentSuiteVersion();
        assertThat(version).isEqualTo(2);
        for (String contract : ContractArtifact.CONTRACT_NAMES) {
            assertThat(ContractArtifact.load(contract).suiteVersion()).as(contract).isEqualTo(version);
        }
        assertThat(List.of(suite.core().suiteVersion(), suite.gateway().suiteVersion(), suite.plans().suiteVersion(),
                suite.subscriptions().suiteVersion(), suite.marketplace().suiteVersion())).containsOnly(version);
    }

    @Test
    void theDefaultAdminRoleCannotBeGrantedDirectly() {
        // AccessControlDefaultAdminRules: handing over the admin takes a two-step transfer with a delay.
        String defaultAdminRole = Hex.bytes32(new byte[32]);
        String grantDefaultAdmin = FunctionEncoder.encode(new Function("grantRole",
                List.of(new Bytes32(Hex.toBytes(defaultAdminRole)), new Address(anvil.newAccount().getAddress())), List.of()));
        assertReverts("AccessControlEnforcedDefaultAdminRules",
                () -> suite.send(suite.admin(), new ContractCall(suite.core().address(), grantDefaultAdmin)));
    }
}

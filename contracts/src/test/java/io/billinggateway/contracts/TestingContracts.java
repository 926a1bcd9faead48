package io.billinggateway.contracts;

import java.math.BigInteger;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;

/** Bindings of the test-only contracts in {@code contracts/src/test}. */
final class TestingContracts {
    private TestingContracts() {}

    /** {@code TestSmartWallet}: an ERC-1271 wallet of one owner that can reject the native coin or re-enter a call. */
    record SmartWallet(ContractBinding contract) {
        String address() {
            return contract.address();
        }

        ContractCall setAcceptsNative(boolean accepts) {
            return contract.transaction("setAcceptsNative", new Bool(accepts));
        }

        ContractCall setReentry(String target, String data) {
            return contract.transaction("setReentry", new Address(target), new DynamicBytes(Hex.toBytes(data)));
        }

        ContractCall execute(ContractCall call) {
            return contract.transaction("execute", new Address(call.to()), new Uint256(call.value()),
                    new DynamicBytes(Hex.toBytes(call.data()))).withValue(call.value());
        }

        /** The selector of the error that stopped the last re-entry attempt, 0x00000000 if none. */
        String lastReentryError() {
            return org.web3j.utils.Numeric.toHexString((byte[]) contract.call("lastReentryError",
                    java.util.List.of(new org.web3j.abi.TypeReference<org.web3j.abi.datatypes.generated.Bytes4>() {}))
                    .getFirst().getValue());
        }
    }

    /** {@code TestFeeOnTransferToken} (burns 1 % of every transfer) or {@code TestGasHeavyToken}: mint and approve. */
    record FeeOnTransferToken(ContractBinding contract) {
        String address() {
            return contract.address();
        }

        ContractCall mint(String to, BigInteger amount) {
            return contract.transaction("mint", new Address(to), new Uint256(amount));
        }

        ContractCall approve(String spender, BigInteger amount) {
            return contract.transaction("approve", new Address(spender), new Uint256(amount));
        }
    }

    /** {@code TestGasHeavyToken}: an ERC-20 whose transfers burn about 400k gas. Same calls as the fee-on-transfer token. */
    static FeeOnTransferToken deployGasHeavyToken(TestingAnvil anvil, Credentials deployer) {
        String address = ContractBinding.deploy(anvil.sender(deployer), "TestGasHeavyToken");
        return new FeeOnTransferToken(new ContractBinding("TestGasHeavyToken", address, anvil.web3j()));
    }

    static SmartWallet deploySmartWallet(TestingAnvil anvil, Credentials owner) {
        String address = ContractBinding.deploy(anvil.sender(owner), "TestSmartWallet", new Address(owner.getAddress()));
        return new SmartWallet(new ContractBinding("TestSmartWallet", address, anvil.web3j()));
    }

    static FeeOnTransferToken deployFeeOnTransferToken(TestingAnvil anvil, Credentials deployer) {
        String address = ContractBinding.deploy(anvil.sender(deployer), "TestFeeOnTransferToken");
        return new FeeOnTransferToken(new ContractBinding("TestFeeOnTransferToken", address, anvil.web3j()));
    }

    /** {@code TestHookToken}: an ERC-20 whose holders pick a hook that runs when tokens are pulled from them. */
    record HookToken(ContractBinding contract) {
        /** The contract's {@code Hook} enum, in order. */
        enum Hook {
            NONE,
            REVERT_WITH_PAYLOAD,
            EXHAUST_GAS
        }

        String address() {
            return contract.address();
        }

        ContractCall mint(String to, BigInteger amount) {
            return contract.transaction("mint", new Address(to), new Uint256(amount));
        }

        ContractCall approve(String spender, BigInteger amount) {
            return contract.transaction("approve", new Address(spender), new Uint256(amount));
        }

        /** Sent by the holder: what happens when tokens are pulled from it; {@code payloadBytes} for REVERT_WITH_PAYLOAD. */
        ContractCall setHook(Hook hook, int payloadBytes) {
            return contract.transaction("setHook", new Uint8(hook.ordinal()), new Uint256(payloadBytes));
        }
    }

    static HookToken deployHookToken(TestingAnvil anvil, Credentials deployer) {
        String address = ContractBinding.deploy(anvil.sender(deployer), "TestHookToken");
        return new HookToken(new ContractBinding("TestHookToken", address, anvil.web3j()));
    }

    /** {@code TestRoguePlanManager}: says every plan hash is an Active daily plan paying {@code merchant} {@code price}. */
    static String deployRoguePlanManager(TestingAnvil anvil, Credentials deployer, String merchant, String token, BigInteger price) {
        return ContractBinding.deploy(anvil.sender(deployer), "TestRoguePlanManager", new Address(merchant), new Address(token),
                new Uint256(price));
    }

    /** {@code TestOverquotingGateway}: quotes {@code multiplier} times the amount, moves exactly what it is told to. */
    static String deployOverquotingGateway(TestingAnvil anvil, Credentials deployer, String core, String instanceId, int multiplier) {
        return ContractBinding.deploy(anvil.sender(deployer), "TestOverquotingGateway", new Address(core),
                new org.web3j.abi.datatypes.generated.Bytes32(Hex.toBytes(Hex.bytes32(instanceId))), new Uint256(multiplier));
    }

    /** {@code TestRevertingDiscountPolicy}: burns gas and reverts with a 100 kB reason. @return its address */
    static String deployRevertingDiscountPolicy(TestingAnvil anvil, Credentials deployer) {
        return ContractBinding.deploy(anvil.sender(deployer), "TestRevertingDiscountPolicy");
    }

    /** {@code TestDiscountPolicy}: {@code percentOff} % off for {@code payer}. @return its address */
    static String deployDiscountPolicy(TestingAnvil anvil, Credentials deployer, String payer, int percentOff) {
        return ContractBinding.deploy(anvil.sender(deployer), "TestDiscountPolicy", new Address(payer), new Uint256(percentOff));
    }
}

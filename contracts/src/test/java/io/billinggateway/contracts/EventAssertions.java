package io.billinggateway.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Assertions on events the bindings do not decode (governance settings), by their topic in the ABI. */
final class EventAssertions {
    private EventAssertions() {}

    static void assertEmits(TransactionReceipt receipt, String contractName, String address, String eventName) {
        String topic = ContractAbi.of(contractName).eventTopic(eventName);
        assertThat(receipt.getLogs())
                .as("%s emitted by %s", eventName, contractName)
                .anySatisfy(log -> {
                    assertThat(log.getAddress()).isEqualToIgnoringCase(address);
                    assertThat(log.getTopics().getFirst()).isEqualToIgnoringCase(topic);
                });
    }
}

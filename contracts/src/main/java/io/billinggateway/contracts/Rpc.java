package io.billinggateway.contracts;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;

/** eth_call and friends, turning node errors into {@link ContractRevertException} or {@link EvmRpcException}. */
final class Rpc {
    private Rpc() {}

    static List<Type> call(Web3j web3j, String to, String data, List<TypeReference<Type>> outputs) {
        EthCall response = send(web3j.ethCall(
                Transaction.createEthCallTransaction(null, to, data), DefaultBlockParameterName.LATEST),
                "eth_call to " + to);
        if (response.hasError()) {
            throw failure("eth_call to " + to, response.getError());
        }
        if (response.isReverted()) {
            throw ContractErrors.decode("eth_call to " + to, response.getValue(), null);
        }
        String value = response.getValue();
        if (value == null || value.equals("0x")) {
            throw new EvmRpcException("eth_call to " + to + " returned no data: is there a contract at this address?");
        }
        return FunctionReturnDecoder.decode(value, outputs);
    }

    static boolean hasCode(Web3j web3j, String address) {
        String code = send(web3j.ethGetCode(address, DefaultBlockParameterName.LATEST), "eth_getCode " + address)
                .getCode();
        return code != null && !code.equals("0x") && !code.isEmpty();
    }

    static BigInteger chainId(Web3j web3j) {
        return send(web3j.ethChainId(), "eth_chainId").getChainId();
    }

    static <T extends Response<?>> T send(Request<?, T> request, String what) {
        T response;
        try {
            response = request.send();
        } catch (IOException e) {
            throw new EvmRpcException(what + " failed: " + e.getMessage(), e);
        }
        return response;
    }

    /** A JSON-RPC error: a revert when it carries revert data, otherwise a node error. */
    static RuntimeException failure(String what, Response.Error error) {
        String data = error.getData();
        if (data != null && data.startsWith("\"")) {
            data = data.substring(1, data.length() - 1);
        }
        if (data != null && data.startsWith("0x")) {
            return ContractErrors.decode(what, data, null);
        }
        if (error.getMessage() != null && error.getMessage().contains("revert")) {
            return ContractErrors.decode(what, null, null);
        }
        return new EvmRpcException(what + " failed: " + error.getMessage() + " (code " + error.getCode() + ")");
    }
}

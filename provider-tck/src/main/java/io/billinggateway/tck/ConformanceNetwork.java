package io.billinggateway.tck;

import io.billinggateway.spi.ChainId;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One network of the provider under test, as an operator would configure it.
 *
 * @param name the network's name
 * @param chainId its chain
 * @param values plain configuration values by key (defaults are applied by the kit from the factory's declaration)
 * @param secretValues raw values of secret keys by key; the kit hands them to the provider as resolved secrets
 *                     and checks that none of them ever appears in an error message or a health report
 */
public record ConformanceNetwork(String name, ChainId chainId, Map<String, String> values, Map<String, String> secretValues) {
    public ConformanceNetwork {
        requireNonNull(name, "name is null");
        requireNonNull(chainId, "chainId is null");
        values = Map.copyOf(requireNonNull(values, "values is null"));
        secretValues = Map.copyOf(requireNonNull(secretValues, "secretValues is null"));
    }
}

package io.billinggateway.provider.evm;

import io.billinggateway.spi.ProviderMetrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a provider reports, with values, so tests can read counters and the last value of a gauge. */
final class TestingMetrics implements ProviderMetrics {
    record Measurement(String name, Map<String, String> tags, double value) {
    }

    private final List<Measurement> increments = new CopyOnWriteArrayList<>();
    private final List<Measurement> gauges = new CopyOnWriteArrayList<>();

    @Override
    public void increment(String name, Map<String, String> tags) {
        increments.add(new Measurement(name, Map.copyOf(tags), 1));
    }

    @Override
    public void recordDuration(String name, Duration duration, Map<String, String> tags) {
    }

    @Override
    public void gauge(String name, double value, Map<String, String> tags) {
        gauges.add(new Measurement(name, Map.copyOf(tags), value));
    }

    /** How often {@code name} was incremented with tags including {@code tags}. */
    long count(String name, Map<String, String> tags) {
        return increments.stream().filter(measurement -> measurement.name().equals(name) && measurement.tags().entrySet().containsAll(tags.entrySet())).count();
    }

    OptionalDouble gauge(String name) {
        return gauges.stream().filter(measurement -> measurement.name().equals(name)).mapToDouble(Measurement::value).reduce((first, second) -> second);
    }
}

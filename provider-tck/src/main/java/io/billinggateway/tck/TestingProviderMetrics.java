package io.billinggateway.tck;

import io.billinggateway.spi.ProviderMetrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static java.util.Objects.requireNonNull;

/** Records every measurement a provider reports, so the kit can check names and tags. Thread-safe. */
public final class TestingProviderMetrics implements ProviderMetrics {
    /** One reported measurement. */
    public record Measurement(Kind kind, String name, Map<String, String> tags) {
        public enum Kind {
            INCREMENT, DURATION, GAUGE
        }

        public Measurement {
            requireNonNull(kind, "kind is null");
            requireNonNull(name, "name is null");
            tags = Map.copyOf(requireNonNull(tags, "tags is null"));
        }
    }

    private final List<Measurement> measurements = new CopyOnWriteArrayList<>();

    @Override
    public void increment(String name, Map<String, String> tags) {
        measurements.add(new Measurement(Measurement.Kind.INCREMENT, name, tags));
    }

    @Override
    public void recordDuration(String name, Duration duration, Map<String, String> tags) {
        requireNonNull(duration, "duration is null");
        measurements.add(new Measurement(Measurement.Kind.DURATION, name, tags));
    }

    @Override
    public void gauge(String name, double value, Map<String, String> tags) {
        measurements.add(new Measurement(Measurement.Kind.GAUGE, name, tags));
    }

    public List<Measurement> measurements() {
        return List.copyOf(measurements);
    }
}

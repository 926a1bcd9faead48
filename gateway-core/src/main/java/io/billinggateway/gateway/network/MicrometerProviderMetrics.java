package io.billinggateway.gateway.network;

import io.billinggateway.spi.ProviderMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.billinggateway.router.UrlCredentials;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/** A provider's metrics in the gateway's Micrometer registry, every one labelled with the network. */
final class MicrometerProviderMetrics implements ProviderMetrics {
    private final MeterRegistry registry;
    private final String network;
    private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

    MicrometerProviderMetrics(MeterRegistry registry, String network) {
        this.registry = requireNonNull(registry, "registry is null");
        this.network = requireNonNull(network, "network is null");
    }

    @Override
    public void increment(String name, Map<String, String> tags) {
        registry.counter(name, tags(tags)).increment();
    }

    @Override
    public void recordDuration(String name, Duration duration, Map<String, String> tags) {
        registry.timer(name, tags(tags)).record(duration);
    }

    @Override
    public void gauge(String name, double value, Map<String, String> tags) {
        Tags allTags = tags(tags);
        String key = name + allTags;
        gauges.computeIfAbsent(key, ignored -> {
            AtomicReference<Double> holder = new AtomicReference<>(value);
            registry.gauge(name, allTags, holder, AtomicReference::get);
            return holder;
        }).set(value);
    }

    private Tags tags(Map<String, String> tags) {
        Tags result = Tags.of(Tag.of("network", network));
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (!tag.getKey().equals("network")) {
                // a provider must not put a URL in a label; if one does, its credentials stay out of /prometheus
                result = result.and(tag.getKey(), UrlCredentials.redact(tag.getValue()));
            }
        }
        return result;
    }
}

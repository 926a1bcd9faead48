package io.billinggateway.provider.evm.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The provider's memory of one network, written to {@code evm-state.json} in the network's data directory
 * after every change (written to a temporary file and forced to the disk, then renamed atomically and the directory
 * forced), so a crash, even of the machine, loses nothing that was acknowledged. Thread-safe.
 *
 * <p>Settled checkouts and charges are dropped after {@link #RETENTION}: at start, and while running at most once per
 * {@link #PRUNE_INTERVAL} when charges are added. Plans and items are kept.
 */
public final class ProviderState {
    static final String FILE_NAME = "evm-state.json";
    static final Duration RETENTION = Duration.ofDays(30);
    static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final Path file;
    private final Map<String, StoredPlan> plans;
    private final Map<String, StoredItem> items;
    private final Map<String, StoredCheckout> checkouts;
    private final Map<String, StoredCharge> charges;
    private Instant lastPruned = Instant.MIN;

    /** The file's content. */
    record Snapshot(int format, Map<String, StoredPlan> plans, Map<String, StoredItem> items, Map<String, StoredCheckout> checkouts,
                    Map<String, StoredCharge> charges) {
    }

    private ProviderState(Path file, Snapshot snapshot) {
        this.file = file;
        this.plans = new LinkedHashMap<>(orEmpty(snapshot.plans()));
        this.items = new LinkedHashMap<>(orEmpty(snapshot.items()));
        this.checkouts = new LinkedHashMap<>(orEmpty(snapshot.checkouts()));
        this.charges = new LinkedHashMap<>(orEmpty(snapshot.charges()));
    }

    /**
     * @throws BillingException {@link ErrorCode#CONFIGURATION_INVALID} when the directory cannot be used or the
     *         file cannot be read (it is never silently replaced)
     */
    public static ProviderState open(Path directory) {
        requireNonNull(directory, "directory is null");
        Path file = directory.resolve(FILE_NAME);
        try {
            Files.createDirectories(directory);
            if (!Files.exists(file)) {
                return new ProviderState(file, new Snapshot(1, Map.of(), Map.of(), Map.of(), Map.of()));
            }
            return new ProviderState(file, JSON.readValue(file.toFile(), Snapshot.class));
        }
        catch (IOException e) {
            throw new BillingException(ErrorCode.CONFIGURATION_INVALID, "cannot read the EVM provider's state " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized Optional<StoredPlan> plan(String planId, long version) {
        return Optional.ofNullable(plans.get(planKey(planId, version)));
    }

    public synchronized void putPlan(StoredPlan plan) {
        plans.put(planKey(plan.planId(), plan.version()), plan);
        save();
    }

    public synchronized Optional<StoredItem> item(String providerPlanRef) {
        return Optional.ofNullable(items.get(providerPlanRef));
    }

    public synchronized void putItem(StoredItem item) {
        items.put(item.providerPlanRef(), item);
        save();
    }

    public synchronized Optional<StoredCheckout> checkout(String checkoutId) {
        return Optional.ofNullable(checkouts.get(checkoutId));
    }

    public synchronized void putCheckout(StoredCheckout checkout) {
        checkouts.put(checkout.checkoutId(), checkout);
        save();
    }

    public synchronized List<StoredCheckout> checkouts(Predicate<StoredCheckout> matching) {
        return checkouts.values().stream().filter(matching).toList();
    }

    public synchronized Optional<StoredCharge> charge(String subscriptionRef, long periodStart) {
        return Optional.ofNullable(charges.get(StoredCharge.key(subscriptionRef, periodStart)));
    }

    /** Remembers charges just sent; also drops what {@link #RETENTION} allows, at most once per {@link #PRUNE_INTERVAL}. */
    public synchronized void putCharges(List<StoredCharge> sent) {
        sent.forEach(charge -> charges.put(charge.key(), charge));
        sent.stream().mapToLong(StoredCharge::sentAt).max().ifPresent(newest -> {
            Instant now = Instant.ofEpochMilli(newest);
            if (lastPruned.isBefore(now.minus(PRUNE_INTERVAL))) {
                removeExpired(now);
            }
        });
        save();
    }

    public synchronized void removeCharges(List<StoredCharge> finished) {
        boolean changed = false;
        for (StoredCharge charge : finished) {
            changed |= charges.remove(charge.key()) != null;
        }
        if (changed) {
            save();
        }
    }

    /** Forgets settled checkouts whose deadline and charges whose sending lie more than {@link #RETENTION} before {@code now}. */
    public synchronized void prune(Instant now) {
        if (removeExpired(now)) {
            save();
        }
    }

    private boolean removeExpired(Instant now) {
        lastPruned = now;
        long cutoff = now.minus(RETENTION).getEpochSecond();
        boolean changed = checkouts.values().removeIf(checkout -> checkout.settled() != null && checkout.deadline() < cutoff);
        changed |= charges.values().removeIf(charge -> charge.sentAt() / 1000 < cutoff);
        return changed;
    }

    private void save() {
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            byte[] content = JSON.writeValueAsBytes(new Snapshot(1, plans, items, checkouts, charges));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(file.toAbsolutePath().getParent());
        }
        catch (IOException e) {
            throw new BillingException(ErrorCode.INTERNAL, "cannot write the EVM provider's state " + file + ": " + e.getMessage(), e);
        }
    }

    /** Makes the rename durable; where a directory cannot be opened, it is as durable as the platform makes it. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
        catch (IOException | UnsupportedOperationException e) {
            // best effort, see above
        }
    }

    private static String planKey(String planId, long version) {
        return planId + "#" + version;
    }

    private static <V> Map<String, V> orEmpty(Map<String, V> map) {
        return map == null ? Map.of() : map;
    }
}

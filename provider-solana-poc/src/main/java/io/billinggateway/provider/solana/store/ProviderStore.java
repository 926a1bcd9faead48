package io.billinggateway.provider.solana.store;

import io.billinggateway.provider.solana.json.Json;
import io.billinggateway.provider.solana.json.JsonException;
import io.billinggateway.provider.solana.json.JsonObject;
import io.billinggateway.spi.BillingEvent;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;
import io.billinggateway.spi.Money;
import io.billinggateway.spi.PlanStatus;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The provider's state in its data directory: one append-only journal of JSON lines ({@value #JOURNAL_FILE}), each
 * forced to disk before the change it records is acknowledged, replayed at start. A lock file
 * ({@value #LOCK_FILE}) keeps a second provider off the same directory.
 *
 * <p>Events are numbered from 1 in the order they were found; a poll cursor is a position in that numbering within
 * one journal (the journal's id changes when the directory is emptied, so an old cursor is recognised).
 *
 * <p>Thread-safe: every method is synchronized; none does network I/O.
 */
public final class ProviderStore implements AutoCloseable {
    public static final String JOURNAL_FILE = "solana-poc-journal.jsonl";
    public static final String LOCK_FILE = "solana-poc.lock";

    private final Path journalPath;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final FileChannel journal;
    private String journalId;
    private final Map<String, PlanRecord> plans = new LinkedHashMap<>();
    private final Map<String, CheckoutRecord> checkoutsById = new LinkedHashMap<>();
    private final Map<String, CheckoutRecord> checkoutsByReference = new LinkedHashMap<>();
    private final Map<String, BillingEvent> outcomesByReference = new LinkedHashMap<>();
    private final List<BillingEvent> events = new ArrayList<>();

    private ProviderStore(Path journalPath, FileChannel lockChannel, FileLock lock, FileChannel journal) {
        this.journalPath = journalPath;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.journal = journal;
    }

    /**
     * Locks the directory and replays its journal. A last line cut short by a crash is dropped (its change was never
     * acknowledged); damage anywhere else stops the provider rather than silently forgetting payments.
     *
     * @throws BillingException {@link ErrorCode#CONFIGURATION_INVALID} when another provider holds the directory,
     *         {@link ErrorCode#INTERNAL} naming the file and line when the journal is damaged
     */
    public static ProviderStore open(Path directory) {
        requireNonNull(directory, "directory is null");
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            }
            catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new BillingException(ErrorCode.CONFIGURATION_INVALID, "the data directory " + directory + " is in use by another solana-poc provider; "
                        + "give every network its own directory");
            }
            Path journalPath = directory.resolve(JOURNAL_FILE);
            List<String> lines = Files.exists(journalPath) ? readCompleteLines(journalPath) : List.of();
            FileChannel journal = FileChannel.open(journalPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            journal.truncate(lines.stream().mapToLong(line -> line.getBytes(StandardCharsets.UTF_8).length + 1L).sum());
            journal.position(journal.size());
            ProviderStore store = new ProviderStore(journalPath, lockChannel, lock, journal);
            store.replay(lines);
            if (store.journalId == null) {
                store.journalId = HexFormat.of().toHexDigits(UUID.randomUUID().getLeastSignificantBits());
                store.append(Map.of("type", "journal", "id", store.journalId));
            }
            return store;
        }
        catch (IOException e) {
            closeQuietly(lockChannel);
            throw new BillingException(ErrorCode.INTERNAL, "cannot open the solana-poc journal in " + directory + ": " + e.getMessage(), e);
        }
        catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    /** Lines that end with a newline; a last line without one was being written when the process stopped. */
    private static List<String> readCompleteLines(Path path) throws IOException {
        String text = Files.readString(path, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return List.of();
        }
        return List.of(text.substring(0, end).split("\n", -1));
    }

    private void replay(List<String> lines) {
        for (int index = 0; index < lines.size(); index++) {
            try {
                apply(Json.parseObject(lines.get(index)));
            }
            catch (JsonException | IllegalArgumentException | ArithmeticException e) {
                throw new BillingException(ErrorCode.INTERNAL, "the solana-poc journal " + journalPath + " is damaged at line " + (index + 1) + ": " + e.getMessage()
                        + "; restore it from a backup (deleting it forgets every pending checkout)");
            }
        }
    }

    private void apply(JsonObject line) {
        switch (line.string("type")) {
            case "journal" -> journalId = line.string("id");
            case "plan" -> {
                PlanRecord plan = new PlanRecord(line.string("ref"), line.string("planId"), line.integer("version").longValueExact(), line.string("name"),
                        new Money(line.integer("amount"), line.string("asset")), PlanStatus.valueOf(line.string("status")));
                plans.put(plan.providerPlanRef(), plan);
            }
            case "plan-status" -> {
                PlanRecord plan = plans.get(line.string("ref"));
                if (plan == null) {
                    throw new IllegalArgumentException("status of unknown plan " + line.string("ref"));
                }
                plans.put(plan.providerPlanRef(), plan.withStatus(PlanStatus.valueOf(line.string("status"))));
            }
            case "checkout" -> {
                CheckoutRecord checkout = new CheckoutRecord(line.string("checkoutId"), line.string("reference"), line.string("planRef"),
                        new Money(line.integer("amount"), line.string("asset")), URI.create(line.string("uri")),
                        Instant.parse(line.string("createdAt")), Instant.parse(line.string("expiresAt")));
                checkoutsById.put(checkout.checkoutId(), checkout);
                checkoutsByReference.put(checkout.reference(), checkout);
            }
            case "event" -> {
                BillingEvent event = switch (line.string("kind")) {
                    case "confirmed" -> new BillingEvent.PaymentConfirmed(line.string("eventId"), Instant.parse(line.string("occurredAt")), line.string("reference"),
                            line.string("transactionRef"), new Money(line.integer("amount"), line.string("asset")));
                    case "failed" -> new BillingEvent.PaymentFailed(line.string("eventId"), Instant.parse(line.string("occurredAt")), line.string("reference"),
                            ErrorCode.valueOf(line.string("code")), line.string("reason"));
                    default -> throw new IllegalArgumentException("unknown event kind " + line.string("kind"));
                };
                events.add(event);
                outcomesByReference.put(line.string("reference"), event);
            }
            default -> throw new IllegalArgumentException("unknown record type " + line.string("type"));
        }
    }

    public synchronized String journalId() {
        return journalId;
    }

    public synchronized Optional<PlanRecord> plan(String providerPlanRef) {
        return Optional.ofNullable(plans.get(providerPlanRef));
    }

    /** Adds the plan, or returns the one already registered under its reference. */
    public synchronized PlanRecord registerPlan(PlanRecord plan) {
        PlanRecord existing = plans.get(plan.providerPlanRef());
        if (existing != null) {
            return existing;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "plan");
        line.put("ref", plan.providerPlanRef());
        line.put("planId", plan.planId());
        line.put("version", plan.version());
        line.put("name", plan.name());
        line.put("asset", plan.price().asset());
        line.put("amount", plan.price().minorUnits().toString());
        line.put("status", plan.status().name());
        append(line);
        plans.put(plan.providerPlanRef(), plan);
        return plan;
    }

    /** @throws BillingException {@link ErrorCode#NOT_FOUND} for a plan never registered */
    public synchronized PlanRecord changePlanStatus(String providerPlanRef, PlanStatus status) {
        PlanRecord plan = plans.get(providerPlanRef);
        if (plan == null) {
            throw new BillingException(ErrorCode.NOT_FOUND, "plan '" + providerPlanRef + "' is not registered on this network");
        }
        if (plan.status() == status) {
            return plan;
        }
        append(Map.of("type", "plan-status", "ref", providerPlanRef, "status", status.name()));
        PlanRecord changed = plan.withStatus(status);
        plans.put(providerPlanRef, changed);
        return changed;
    }

    public synchronized Optional<CheckoutRecord> checkout(String checkoutId) {
        return Optional.ofNullable(checkoutsById.get(checkoutId));
    }

    public synchronized boolean referenceInUse(String reference) {
        return checkoutsByReference.containsKey(reference);
    }

    /** Records a started checkout, or returns the one already recorded under its checkout id. */
    public synchronized CheckoutRecord addCheckout(CheckoutRecord checkout) {
        CheckoutRecord existing = checkoutsById.get(checkout.checkoutId());
        if (existing != null) {
            return existing;
        }
        if (checkoutsByReference.containsKey(checkout.reference())) {
            throw new IllegalStateException("reference " + checkout.reference() + " belongs to another checkout");
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "checkout");
        line.put("checkoutId", checkout.checkoutId());
        line.put("reference", checkout.reference());
        line.put("planRef", checkout.providerPlanRef());
        line.put("asset", checkout.amount().asset());
        line.put("amount", checkout.amount().minorUnits().toString());
        line.put("uri", checkout.uri().toString());
        line.put("createdAt", checkout.createdAt().toString());
        line.put("expiresAt", checkout.expiresAt().toString());
        append(line);
        checkoutsById.put(checkout.checkoutId(), checkout);
        checkoutsByReference.put(checkout.reference(), checkout);
        return checkout;
    }

    /** Checkouts with no outcome yet, oldest first: the references to watch. */
    public synchronized List<CheckoutRecord> pending() {
        return checkoutsById.values().stream().filter(checkout -> !outcomesByReference.containsKey(checkout.reference())).toList();
    }

    /**
     * Records the outcome of a checkout (a {@link BillingEvent.PaymentConfirmed} or {@link BillingEvent.PaymentFailed}
     * whose providerReference is the checkout's reference). A checkout has one outcome: a second is ignored.
     *
     * @return whether the event was recorded
     */
    public synchronized boolean resolve(BillingEvent event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "event");
        line.put("eventId", event.eventId());
        line.put("occurredAt", event.occurredAt().toString());
        String reference;
        switch (event) {
            case BillingEvent.PaymentConfirmed confirmed -> {
                reference = confirmed.providerReference();
                line.put("kind", "confirmed");
                line.put("transactionRef", confirmed.transactionRef());
                line.put("asset", confirmed.amount().asset());
                line.put("amount", confirmed.amount().minorUnits().toString());
            }
            case BillingEvent.PaymentFailed failed -> {
                reference = failed.providerReference();
                line.put("kind", "failed");
                line.put("code", failed.code().name());
                line.put("reason", failed.reason());
            }
            default -> throw new IllegalArgumentException("a checkout's outcome is PaymentConfirmed or PaymentFailed, not " + event.getClass().getSimpleName());
        }
        if (outcomesByReference.containsKey(reference)) {
            return false;
        }
        line.put("reference", reference);
        append(line);
        events.add(event);
        outcomesByReference.put(reference, event);
        return true;
    }

    public synchronized Optional<BillingEvent> outcome(String reference) {
        return Optional.ofNullable(outcomesByReference.get(reference));
    }

    /** How many events exist; the number of the newest one. */
    public synchronized long lastSequence() {
        return events.size();
    }

    /** Up to {@code limit} events numbered after {@code sequence}, oldest first. */
    public synchronized List<BillingEvent> eventsAfter(long sequence, int limit) {
        int from = (int) Math.min(Math.max(sequence, 0), events.size());
        int to = (int) Math.min((long) from + limit, events.size());
        return List.copyOf(events.subList(from, to));
    }

    private void append(Map<String, Object> line) {
        byte[] bytes = (Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                journal.write(buffer);
            }
            journal.force(false);
        }
        catch (IOException e) {
            throw new BillingException(ErrorCode.INTERNAL, "cannot write the solana-poc journal " + journalPath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly(journal);
        try {
            lock.release();
        }
        catch (IOException e) {
            // the channel's close below releases it anyway
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        }
        catch (IOException e) {
            // nothing left to do at shutdown
        }
    }
}

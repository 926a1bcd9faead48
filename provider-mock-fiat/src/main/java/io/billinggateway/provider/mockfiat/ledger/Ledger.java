package io.billinggateway.provider.mockfiat.ledger;

import io.billinggateway.provider.mockfiat.json.Json;
import io.billinggateway.provider.mockfiat.json.JsonException;
import io.billinggateway.provider.mockfiat.json.JsonObject;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Everything the mock PSP knows, kept in memory and in an append-only journal in its data directory, so that
 * a new provider on the same directory sees what the old one did, as a real PSP would after the gateway restarts.
 *
 * <p>Each {@link #transact transaction} is one journal line holding every record it changed, forced to the
 * disk before the change becomes visible; a crash therefore keeps a change whole or not at all. Opening the
 * ledger replays the journal and rewrites it compactly (delivered webhooks are dropped). A lock file keeps a
 * second provider from using the same directory at the same time.
 *
 * <p>Thread-safe: transactions run one at a time. They are short (a few map operations and one forced write).
 */
public final class Ledger implements AutoCloseable {
    static final String JOURNAL_FILE = "ledger.jsonl";
    static final String LOCK_FILE = "ledger.lock";

    private final Clock clock;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<RecordType, Map<String, LedgerRecord>> records = new EnumMap<>(RecordType.class);
    private final Map<RecordType, Map<String, String>> alternateKeys = new EnumMap<>(RecordType.class);
    /** Set once by {@link #open} after the replay, before the ledger is handed out. */
    private Journal journal;
    private BillingException failure;
    private boolean closed;

    private Ledger(Clock clock, FileChannel lockChannel, FileLock lock) {
        this.clock = clock;
        this.lockChannel = lockChannel;
        this.lock = lock;
        for (RecordType type : RecordType.values()) {
            records.put(type, new LinkedHashMap<>());
            alternateKeys.put(type, new HashMap<>());
        }
    }

    /**
     * Opens the ledger in a directory, creating it when empty.
     *
     * @throws BillingException {@link ErrorCode#CONFIGURATION_INVALID} when another provider uses the directory or
     *         it cannot be read or written, and {@link ErrorCode#INTERNAL} when the journal is damaged
     */
    public static Ledger open(Path directory, Clock clock, System.Logger logger) {
        requireNonNull(directory, "directory is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(logger, "logger is null");
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel, directory);
            Path journalFile = directory.resolve(JOURNAL_FILE);
            List<String> entries = Journal.read(journalFile, Ledger::readable, logger);
            Ledger ledger = new Ledger(clock, lockChannel, lock);
            ledger.replay(entries);
            Journal.rewrite(journalFile, ledger.snapshot());
            ledger.journal = Journal.openForAppend(journalFile);
            return ledger;
        }
        catch (Journal.DamagedJournalException e) {
            closeQuietly(lockChannel);
            throw new BillingException(ErrorCode.INTERNAL, "the mock PSP cannot start: " + e.getMessage(), e);
        }
        catch (IOException e) {
            closeQuietly(lockChannel);
            throw new BillingException(ErrorCode.CONFIGURATION_INVALID,
                    "the mock PSP cannot use its data directory " + directory + ": " + e, e);
        }
        catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    /**
     * Runs {@code work} alone and then makes every record it {@linkplain LedgerTransaction#put put} durable in one
     * journal line. When {@code work} throws, nothing it put is kept.
     *
     * @throws BillingException {@link ErrorCode#INTERNAL} when the journal cannot be written; the ledger then
     *         refuses all further work, because memory may be ahead of the disk, until it is opened again
     */
    public synchronized <T> T transact(Function<LedgerTransaction, T> work) {
        requireNonNull(work, "work is null");
        if (closed) {
            throw new BillingException(ErrorCode.INTERNAL, "the mock PSP's ledger is closed");
        }
        if (failure != null) {
            throw failure;
        }
        LedgerTransaction transaction = new LedgerTransaction(this);
        T result = work.apply(transaction);
        List<LedgerRecord> changes = transaction.changes();
        if (changes.isEmpty()) {
            return result;
        }
        try {
            journal.append(entry(changes));
        }
        catch (IOException | RuntimeException e) {
            failure = new BillingException(ErrorCode.INTERNAL,
                    "the mock PSP could not write its journal " + journal.file() + ": " + e.getMessage() + "; restart the provider", e);
            throw failure;
        }
        changes.forEach(this::apply);
        return result;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (journal != null) {
                journal.close();
            }
        }
        catch (IOException e) {
            // nothing is pending: every entry was forced when it was written
        }
        try {
            lock.release();
        }
        catch (IOException e) {
            // closing the channel releases the lock as well
        }
        closeQuietly(lockChannel);
    }

    LedgerRecord committed(RecordType type, String id) {
        return records.get(type).get(id);
    }

    String committedIdByAlternateKey(RecordType type, String alternateKey) {
        return alternateKeys.get(type).get(alternateKey);
    }

    List<LedgerRecord> committed(RecordType type) {
        return List.copyOf(records.get(type).values());
    }

    private void replay(List<String> entries) {
        for (String entry : entries) {
            for (JsonObject change : Json.parseObject(entry).objects("records")) {
                apply(RecordType.named(change.string("type")).read(change.object("record")));
            }
        }
    }

    private void apply(LedgerRecord record) {
        RecordType type = RecordType.of(record.getClass());
        if (record instanceof OutboxMessage message && message.delivered()) {
            records.get(type).remove(record.id());
            return;
        }
        records.get(type).put(record.id(), record);
        record.alternateKey().ifPresent(key -> alternateKeys.get(type).put(key, record.id()));
    }

    /** The current state as journal entries, one record per line. */
    private List<String> snapshot() {
        List<String> lines = new ArrayList<>();
        for (Map<String, LedgerRecord> byId : records.values()) {
            for (LedgerRecord record : byId.values()) {
                lines.add(entry(List.of(record)));
            }
        }
        return lines;
    }

    private String entry(List<LedgerRecord> changes) {
        List<JsonObject> encoded = changes.stream()
                .map(record -> JsonObject.empty()
                        .with("type", RecordType.of(record.getClass()).journalName())
                        .with("record", record.toJson()))
                .toList();
        return Json.write(JsonObject.empty().with("at", clock.instant()).with("records", encoded));
    }

    private static boolean readable(String line) {
        try {
            for (JsonObject change : Json.parseObject(line).objects("records")) {
                RecordType.named(change.string("type")).read(change.object("record"));
            }
            return true;
        }
        catch (JsonException | IllegalArgumentException e) {
            return false;
        }
    }

    private static FileLock tryLock(FileChannel channel, Path directory) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        }
        catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new BillingException(ErrorCode.CONFIGURATION_INVALID, "the mock PSP's data directory " + directory
                    + " is in use by another running mock-fiat provider; every network needs a directory of its own");
        }
        return lock;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        }
        catch (IOException e) {
            // nothing to do: the channel only held the lock
        }
    }
}

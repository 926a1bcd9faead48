package io.billinggateway.provider.mockfiat.ledger;

import io.billinggateway.provider.mockfiat.json.Json;
import io.billinggateway.provider.mockfiat.json.JsonException;
import io.billinggateway.provider.mockfiat.json.JsonObject;
import io.billinggateway.spi.BillingException;
import io.billinggateway.spi.ErrorCode;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Everything the mock PSP knows, kept in memory and in an append-only journal in its data directory, so that
 * a new provider on the same directory sees what the old one did, as a real PSP would after the gateway restarts,
 * and so that the providers of several gateway processes on one machine share one PSP.
 *
 * <p>Each {@link #transact transaction} holds the directory's inter-process lock ({@link DirectoryLock}) while it
 * first applies what other ledgers, of this or another process, appended to the journal since this one last
 * looked, then runs, then appends one journal line holding every record it changed, forced to the disk before
 * the change becomes visible. A crash therefore keeps a change whole or not at all: the incomplete line a process
 * killed while writing leaves behind is cut off by the next transaction of any process. Opening the ledger
 * replays the journal and, when no other ledger (of any process) has the directory open, rewrites it compactly
 * (delivered webhooks are dropped); otherwise the journal is left as it is, because the others keep appending to
 * that file.
 *
 * <p>The directory must be on a local file system with working file locks (not NFS). Thread-safe: the transactions
 * of all ledgers on one directory run one at a time. They are short (a few map operations and one forced write).
 */
public final class Ledger implements AutoCloseable {
    static final String JOURNAL_FILE = "ledger.jsonl";

    private final Clock clock;
    private final System.Logger logger;
    private final DirectoryLock directoryLock;
    private final Map<RecordType, Map<String, LedgerRecord>> records = new EnumMap<>(RecordType.class);
    private final Map<RecordType, Map<String, String>> alternateKeys = new EnumMap<>(RecordType.class);
    /** Set once by {@link #load} under the directory lock, before the ledger is handed out. */
    private Journal journal;
    private BillingException failure;
    private boolean closed;

    private Ledger(Clock clock, System.Logger logger, DirectoryLock directoryLock) {
        this.clock = clock;
        this.logger = logger;
        this.directoryLock = directoryLock;
        for (RecordType type : RecordType.values()) {
            records.put(type, new LinkedHashMap<>());
            alternateKeys.put(type, new HashMap<>());
        }
    }

    /**
     * Opens the ledger in a directory, creating it when empty. Other ledgers, in this or other processes, may have
     * the same directory open; they all see one set of books.
     *
     * @throws BillingException {@link ErrorCode#CONFIGURATION_INVALID} when the directory cannot be read, written or
     *         locked, and {@link ErrorCode#INTERNAL} when the journal is damaged
     */
    public static Ledger open(Path directory, Clock clock, System.Logger logger) {
        requireNonNull(directory, "directory is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(logger, "logger is null");
        DirectoryLock directoryLock = null;
        try {
            Files.createDirectories(directory);
            directoryLock = DirectoryLock.join(directory);
            Ledger ledger = new Ledger(clock, logger, directoryLock);
            directoryLock.open(alone -> {
                ledger.load(directory.resolve(JOURNAL_FILE), alone);
                return null;
            });
            return ledger;
        }
        catch (Journal.DamagedJournalException | Journal.JournalReplacedException e) {
            leaveQuietly(directoryLock);
            throw new BillingException(ErrorCode.INTERNAL, "the mock PSP cannot start: " + e.getMessage(), e);
        }
        catch (InterruptedIOException | ClosedByInterruptException e) {
            leaveQuietly(directoryLock);
            throw new BillingException(ErrorCode.INTERNAL, "the mock PSP was interrupted while opening its data directory " + directory, e);
        }
        catch (IOException e) {
            leaveQuietly(directoryLock);
            throw new BillingException(ErrorCode.CONFIGURATION_INVALID,
                    "the mock PSP cannot use its data directory " + directory + " (it needs a directory it can write and lock, on a local file system): " + e, e);
        }
        catch (RuntimeException e) {
            leaveQuietly(directoryLock);
            throw e;
        }
    }

    /**
     * Runs {@code work} alone, on the books as every process has committed them so far, and then makes every record
     * it {@linkplain LedgerTransaction#put put} durable in one journal line. When {@code work} throws, nothing it
     * put is kept. May wait for transactions of other processes.
     *
     * @throws BillingException {@link ErrorCode#INTERNAL} when the journal is damaged, was replaced, or cannot be
     *         read or written; after a failed write the ledger refuses all further work until it is opened again,
     *         because what the disk holds is then unknown. {@link ErrorCode#TIMEOUT} when the calling thread was
     *         interrupted meanwhile; the message says whether anything may have been recorded.
     */
    public synchronized <T> T transact(Function<LedgerTransaction, T> work) {
        requireNonNull(work, "work is null");
        if (closed) {
            throw new BillingException(ErrorCode.INTERNAL, "the mock PSP's ledger is closed");
        }
        if (failure != null) {
            throw failure;
        }
        try {
            return directoryLock.exclusively(() -> {
                catchUp();
                LedgerTransaction transaction = new LedgerTransaction(this);
                T result = work.apply(transaction);
                List<LedgerRecord> changes = transaction.changes();
                if (!changes.isEmpty()) {
                    append(changes);
                    changes.forEach(this::apply);
                }
                return result;
            });
        }
        catch (InterruptedIOException | ClosedByInterruptException e) {
            throw new BillingException(ErrorCode.TIMEOUT, "the mock PSP was interrupted while waiting for or reading its journal "
                    + journal.file() + "; nothing was changed", e);
        }
        catch (Journal.DamagedJournalException | Journal.JournalReplacedException e) {
            throw new BillingException(ErrorCode.INTERNAL, "the mock PSP cannot go on: " + e.getMessage(), e);
        }
        catch (IOException e) {
            throw new BillingException(ErrorCode.INTERNAL, "the mock PSP could not read its journal " + journal.file() + ": " + e, e);
        }
    }

    /** Stops using the directory. Transactions afterwards fail; other ledgers on the directory are not affected. */
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
        // after the journal is closed: a process that finds the directory unused may replace the journal file
        directoryLock.leave();
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

    /** Replays the journal; rewrites it compactly when {@code alone}. Runs under the directory lock. */
    private synchronized void load(Path journalFile, boolean alone) throws IOException {
        Journal opened = Journal.open(journalFile);
        try {
            opened.catchUp(Ledger::parse, logger).forEach(changes -> changes.forEach(this::apply));
            if (alone) {
                opened = opened.compact(snapshot());
            }
            else {
                logger.log(Level.INFO, "the mock PSP''s data directory {0} is in use by another running provider as well; they share one set of"
                        + " books, and its journal is compacted when a provider opens it alone", journalFile.getParent());
            }
        }
        catch (IOException | RuntimeException e) {
            closeQuietly(opened);
            throw e;
        }
        journal = opened;
    }

    /** Applies what other ledgers appended since this one last read. Runs under the directory lock. */
    private void catchUp() throws IOException {
        journal.catchUp(Ledger::parse, logger).forEach(changes -> changes.forEach(this::apply));
    }

    private void append(List<LedgerRecord> changes) {
        try {
            journal.append(entry(changes));
        }
        catch (ClosedByInterruptException e) {
            // the line is whole, torn or absent; the next transaction of any ledger applies it or cuts it off
            throw new BillingException(ErrorCode.TIMEOUT, "the mock PSP was interrupted while writing its journal " + journal.file()
                    + "; the operation may or may not have been recorded, so repeat it with the same idempotency reference", e);
        }
        catch (IOException | RuntimeException e) {
            failure = new BillingException(ErrorCode.INTERNAL,
                    "the mock PSP could not write its journal " + journal.file() + ": " + e.getMessage() + "; restart the provider", e);
            throw failure;
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

    /** The records one journal line changed; empty when the line is not a well-formed entry. */
    private static Optional<List<LedgerRecord>> parse(String line) {
        try {
            List<LedgerRecord> changes = new ArrayList<>();
            for (JsonObject change : Json.parseObject(line).objects("records")) {
                changes.add(RecordType.named(change.string("type")).read(change.object("record")));
            }
            return Optional.of(changes);
        }
        catch (JsonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void leaveQuietly(DirectoryLock directoryLock) {
        if (directoryLock != null) {
            directoryLock.leave();
        }
    }

    private static void closeQuietly(Journal journal) {
        try {
            journal.close();
        }
        catch (IOException e) {
            // nothing was written through it that is not already forced
        }
    }
}

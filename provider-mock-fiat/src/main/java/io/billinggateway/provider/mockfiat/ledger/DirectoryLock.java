package io.billinggateway.provider.mockfiat.ledger;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import static java.util.Objects.requireNonNull;

/**
 * The locks that let several processes, and several {@link Ledger}s within one process, share one ledger
 * directory.
 *
 * <p>Two files hold them:
 * <ul>
 *   <li>{@value #TRANSACTION_LOCK_FILE} is locked exclusively for the length of every transaction and of every
 *       opening, so that one ledger at a time reads what the others appended to the journal and appends its own
 *       line. Within this JVM a {@link ReentrantLock} is taken first, because file locks exclude processes, not
 *       threads.</li>
 *   <li>{@value #USERS_LOCK_FILE} is locked shared by every process that has a ledger open on the directory, for
 *       as long as it does. An opener that can lock it exclusively (while holding the transaction lock, so that no
 *       other opener interleaves) knows that no other process has the journal open, and may replace the journal
 *       with a compact copy; it then downgrades to a shared lock.</li>
 * </ul>
 * The operating system releases both when a process dies, so a crashed process never blocks the others.
 *
 * <p>File locks belong to the process, not to a channel: the JVM throws
 * {@link java.nio.channels.OverlappingFileLockException} when it is asked to lock a region it already holds
 * through another channel, and on POSIX systems closing any descriptor of a file drops every lock the process
 * holds on that file. Each JVM therefore keeps exactly one instance per directory (by real path), counted by the
 * ledgers using it, in a static registry: the one piece of static mutable state in the module, forced by how
 * file locks work. Nothing else in the JVM may open these two files while a ledger uses the directory.
 *
 * <p>Thread-safe.
 */
final class DirectoryLock {
    static final String TRANSACTION_LOCK_FILE = "ledger.lock";
    static final String USERS_LOCK_FILE = "ledger.users";

    /** The instance of every directory some ledger of this JVM has open, by real path. Guarded by itself. */
    private static final Map<Path, DirectoryLock> IN_USE = new HashMap<>();

    private final Path directory;
    private final ReentrantLock withinProcess = new ReentrantLock();
    /** Guarded by {@link #IN_USE}. */
    private int ledgers;
    /** Guarded by {@link #withinProcess}. Reopened when an interrupt closed it (see {@link #lockTransactionFile}). */
    private FileChannel transactionChannel;
    /** Guarded by {@link #withinProcess}. */
    private FileChannel usersChannel;
    /** Guarded by {@link #withinProcess}. Held, shared, while {@link #ledgers} is positive and an opening succeeded. */
    private FileLock usersLock;

    private DirectoryLock(Path directory) {
        this.directory = directory;
    }

    /** Work that needs the directory to itself. */
    @FunctionalInterface
    interface ExclusiveWork<T> {
        T run() throws IOException;
    }

    /** The opening of a ledger, told whether any other ledger, in this or another process, has the directory open. */
    @FunctionalInterface
    interface OpeningWork<T> {
        T run(boolean alone) throws IOException;
    }

    /**
     * Counts one more ledger of this JVM on {@code directory} (which must exist) and returns the directory's
     * instance. Every call must be matched by one {@link #leave()}.
     */
    static DirectoryLock join(Path directory) throws IOException {
        requireNonNull(directory, "directory is null");
        Path realPath = directory.toRealPath();
        synchronized (IN_USE) {
            DirectoryLock lock = IN_USE.computeIfAbsent(realPath, DirectoryLock::new);
            lock.ledgers++;
            return lock;
        }
    }

    /**
     * Opens a ledger: runs {@code work} under the transaction lock, after registering this process as a user of
     * the directory. {@code alone} is true when no other ledger of any process has the directory open; only then
     * may {@code work} replace the journal file.
     */
    <T> T open(OpeningWork<T> work) throws IOException {
        requireNonNull(work, "work is null");
        return exclusively(() -> {
            boolean alone = registerUser();
            T result;
            try {
                result = work.run(alone);
            }
            catch (IOException | RuntimeException | Error e) {
                if (alone) {
                    try {
                        shareUse();
                    }
                    catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
            if (alone) {
                shareUse();
            }
            return result;
        });
    }

    /**
     * Runs {@code work} while no other thread of this JVM and no other process holds the transaction lock. Waits
     * as long as it takes: transactions are short, and a process that dies releases its lock.
     *
     * <p>File channels close themselves when a thread with a pending interrupt uses them; the interrupt status is
     * therefore cleared while {@code work} runs and restored afterwards.
     *
     * @throws InterruptedIOException when the thread was interrupted while waiting for another process
     */
    <T> T exclusively(ExclusiveWork<T> work) throws IOException {
        requireNonNull(work, "work is null");
        boolean interrupted = Thread.interrupted();
        withinProcess.lock();
        try {
            FileLock lock = lockTransactionFile();
            try {
                return work.run();
            }
            finally {
                release(lock);
            }
        }
        finally {
            withinProcess.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Counts one ledger of this JVM less; the last one releases the locks. */
    void leave() {
        synchronized (IN_USE) {
            ledgers--;
            if (ledgers > 0) {
                return;
            }
            IN_USE.remove(directory);
            withinProcess.lock();
            try {
                // closing a channel releases the locks held through it
                closeQuietly(usersChannel);
                closeQuietly(transactionChannel);
                usersLock = null;
                usersChannel = null;
                transactionChannel = null;
            }
            finally {
                withinProcess.unlock();
            }
        }
    }

    private FileLock lockTransactionFile() throws IOException {
        if (transactionChannel == null || !transactionChannel.isOpen()) {
            transactionChannel = FileChannel.open(directory.resolve(TRANSACTION_LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        try {
            return transactionChannel.lock();
        }
        catch (FileLockInterruptionException | AsynchronousCloseException e) {
            // the interrupt closed the channel; no lock was held through it, and the next caller opens a new one
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting for the lock of " + directory.resolve(TRANSACTION_LOCK_FILE));
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    /**
     * Makes this process a user of the directory. Called under the transaction lock. Returns true, holding the
     * users lock exclusively, when no other process (and no other ledger of this JVM) uses the directory.
     */
    private boolean registerUser() throws IOException {
        if (usersLock != null) {
            return false;
        }
        if (usersChannel == null || !usersChannel.isOpen()) {
            usersChannel = FileChannel.open(directory.resolve(USERS_LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        // tryLock, unlike lock, cannot be interrupted, so an interrupt never drops the users lock
        usersLock = usersChannel.tryLock(0, Long.MAX_VALUE, false);
        if (usersLock != null) {
            return true;
        }
        usersLock = lockUsersShared();
        return false;
    }

    /** Turns the exclusive users lock into a shared one; other openers wait for the transaction lock meanwhile. */
    private void shareUse() throws IOException {
        if (usersLock == null || usersLock.isShared()) {
            return;
        }
        usersLock.release();
        usersLock = null;
        usersLock = lockUsersShared();
    }

    private FileLock lockUsersShared() throws IOException {
        FileLock shared = usersChannel.tryLock(0, Long.MAX_VALUE, true);
        if (shared == null) {
            // only an opener holding the transaction lock takes it exclusively, and this process holds that lock
            throw new IOException(directory.resolve(USERS_LOCK_FILE) + " is locked exclusively by a process that does not follow the mock PSP's"
                    + " locking protocol; stop every other program using " + directory);
        }
        return shared;
    }

    private void release(FileLock lock) {
        try {
            lock.release();
        }
        catch (IOException e) {
            // the channel is unusable; closing it releases the lock for certain, and the next caller opens a new one
            closeQuietly(transactionChannel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        }
        catch (IOException e) {
            // nothing to do: the channel held only locks, which the close releases either way
        }
    }
}

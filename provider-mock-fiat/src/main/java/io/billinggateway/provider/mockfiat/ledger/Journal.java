package io.billinggateway.provider.mockfiat.ledger;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * An append-only file of lines that several processes write, one at a time, and each reads: every reader keeps
 * the byte offset up to which it has read ({@link #catchUp}) and appends its own lines there ({@link #append}).
 * Each line is forced to the disk before {@code append} returns. Callers hold the directory's transaction lock
 * ({@link DirectoryLock#exclusively}) around both, so a line is only ever written by the one process holding it.
 *
 * <p>A line is complete when it ends with {@code '\n'}. Bytes after the last complete line are a torn write: a
 * process died while appending them (the lock it held died with it), and the change they held was never
 * acknowledged, so {@code catchUp} cuts them off. A complete line that cannot be read is damage, wherever it is,
 * and is refused: skipping it would silently lose money movements.
 *
 * <p>Not thread-safe; the {@link Ledger} owning it serializes access.
 */
final class Journal implements AutoCloseable {
    private final Path file;
    private final Object fileKey;
    private FileChannel channel;
    /** Bytes read and applied so far: always the end of a complete line. */
    private long offset;
    /** Complete lines before {@link #offset}, for messages naming a line. */
    private long lines;

    private Journal(Path file, FileChannel channel, Object fileKey, long offset, long lines) {
        this.file = file;
        this.channel = channel;
        this.fileKey = fileKey;
        this.offset = offset;
        this.lines = lines;
    }

    /** Opens (creating when missing) a journal to be read from its beginning. Called under the transaction lock. */
    static Journal open(Path file) throws IOException {
        requireNonNull(file, "file is null");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return new Journal(file, channel, fileKey(file), 0, 0);
        }
        catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Reads the complete lines appended since the last call (by any process), oldest first, and cuts off a torn
     * tail. Called under the transaction lock, so nobody is writing.
     *
     * @param parser reads a line; empty when the line is unreadable
     * @throws DamagedJournalException when a complete line is unreadable; nothing is read then
     * @throws JournalReplacedException when the file at the journal's path is no longer the one this journal has open
     */
    <E> List<E> catchUp(Function<String, Optional<E>> parser, System.Logger logger) throws IOException {
        requireNonNull(parser, "parser is null");
        requireNonNull(logger, "logger is null");
        requireSameFile();
        long size = channel.size();
        if (size < offset) {
            throw new JournalReplacedException("journal " + file + " shrank to " + size + " bytes below the " + offset
                    + " bytes already read; something outside the mock PSP changed it; restart the provider");
        }
        if (size == offset) {
            return List.of();
        }
        if (size - offset > Integer.MAX_VALUE - 16) {
            throw new IOException("journal " + file + " grew by " + (size - offset) + " bytes at once, more than can be read in one go");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) (size - offset));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                break;
            }
        }
        byte[] bytes = buffer.array();
        int length = buffer.position();
        long completeLines = lines;
        for (int index = 0; index < length; index++) {
            if (bytes[index] == '\n') {
                completeLines++;
            }
        }
        List<E> entries = new ArrayList<>();
        int start = 0;
        long lineNumber = lines;
        for (int index = 0; index < length; index++) {
            if (bytes[index] != '\n') {
                continue;
            }
            lineNumber++;
            Optional<E> entry = decode(bytes, start, index - start).flatMap(parser);
            if (entry.isEmpty()) {
                throw new DamagedJournalException("journal " + file + " is damaged at line " + lineNumber + " of " + completeLines
                        + "; restore it from a backup or move it away to start with an empty PSP");
            }
            entries.add(entry.get());
            start = index + 1;
        }
        if (start < length) {
            cutOffTornTail(offset + start, length - start, lineNumber + 1, logger);
        }
        offset += start;
        lines = lineNumber;
        return entries;
    }

    /**
     * Writes one line after the last line read and forces it to the disk. Called under the transaction lock, right
     * after {@link #catchUp}, so that the offset read up to is the end of the file.
     */
    void append(String line) throws IOException {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a journal entry must be one line");
        }
        requireSameFile();
        ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        long position = offset;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        channel.force(false);
        offset = position;
        lines++;
    }

    /**
     * Replaces the file with {@code lines} atomically (afterwards it holds either the old or the new content) and
     * returns the journal of the new file, read to its end; this one is closed. Only allowed while no other
     * process has the journal open, or it would go on appending to the replaced file.
     */
    Journal compact(List<String> compactLines) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel writer = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (String line : compactLines) {
                if (line.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("a journal entry must be one line");
                }
                ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    writer.write(buffer);
                }
            }
            writer.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(file.toAbsolutePath().getParent());
        close();
        Journal compacted = open(file);
        compacted.offset = compacted.channel.size();
        compacted.lines = compactLines.size();
        return compacted;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Fails unless the path still names the file this journal has open: appending to a file that was replaced
     * would write lines nobody reads. Also reopens the channel when an interrupt closed it.
     */
    private void requireSameFile() throws IOException {
        if (!channel.isOpen()) {
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            catch (NoSuchFileException e) {
                throw replaced();
            }
        }
        Object current;
        try {
            current = fileKey(file);
        }
        catch (NoSuchFileException e) {
            throw replaced();
        }
        if (fileKey != null && !Objects.equals(fileKey, current)) {
            throw replaced();
        }
    }

    private JournalReplacedException replaced() {
        return new JournalReplacedException("journal " + file + " was replaced or removed while this provider had it open; no mock PSP replaces a"
                + " journal another one uses, so something else changed it; restart the provider");
    }

    private void cutOffTornTail(long position, int length, long lineNumber, System.Logger logger) throws IOException {
        logger.log(Level.WARNING, "cutting off the incomplete last entry of {0} (line {1}, {2} bytes without a line end): the process writing"
                + " it stopped before finishing, so that operation never completed", file, lineNumber, length);
        channel.truncate(position);
        channel.force(true);
    }

    private static Optional<String> decode(byte[] bytes, int start, int length) {
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, length));
            return Optional.of(text.toString());
        }
        catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The identity of the file at {@code path} (device and inode on Unix); null where the platform has none. */
    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    /** Makes a rename durable. Not every platform can open a directory; there the rename is as durable as the platform makes it. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
        catch (IOException | UnsupportedOperationException e) {
            // best effort, see above
        }
    }

    /** A journal with a complete line that cannot be read. */
    static final class DamagedJournalException extends IOException {
        DamagedJournalException(String message) {
            super(message);
        }
    }

    /** A journal whose file was replaced, removed or shortened behind the provider's back. */
    static final class JournalReplacedException extends IOException {
        JournalReplacedException(String message) {
            super(message);
        }
    }
}

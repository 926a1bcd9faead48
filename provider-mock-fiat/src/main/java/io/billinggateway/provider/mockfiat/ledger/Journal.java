package io.billinggateway.provider.mockfiat.ledger;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * An append-only file of lines, each forced to the disk before {@link #append} returns.
 *
 * <p>A crash while appending can leave the last line incomplete; {@link #read} drops such a torn line (the
 * change it held was never acknowledged to anyone) but refuses damage anywhere else.
 */
final class Journal implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;

    private Journal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static Journal openForAppend(Path file) throws IOException {
        requireNonNull(file, "file is null");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new Journal(file, channel);
    }

    /**
     * Reads the complete lines of a journal, oldest first.
     *
     * @param readable whether a line is a well-formed entry; an unreadable last line is dropped as torn
     * @throws DamagedJournalException when a line other than the last is unreadable: the file is damaged and
     *         replaying around the damage would silently lose money movements
     */
    static List<String> read(Path file, Predicate<String> readable, System.Logger logger) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String content = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(content.split("\n", -1)));
        // split keeps an empty string after a final newline; it is not a line
        if (lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        List<String> entries = new ArrayList<>(lines.size());
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index);
            if (readable.test(line)) {
                entries.add(line);
                continue;
            }
            if (index == lines.size() - 1) {
                logger.log(Level.WARNING, "dropping the incomplete last entry of {0} (line {1}); it was being written when the process stopped",
                        file, index + 1);
                continue;
            }
            throw new DamagedJournalException("journal " + file + " is damaged at line " + (index + 1) + " of " + lines.size()
                    + "; restore it from a backup or move it away to start with an empty PSP");
        }
        return entries;
    }

    /** Replaces the file with the given lines atomically: afterwards it holds either the old or the new content. */
    static void rewrite(Path file, List<String> lines) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (String line : lines) {
                writeFully(channel, line);
            }
            channel.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(file.toAbsolutePath().getParent());
    }

    /** Writes one line and forces it to the disk. */
    void append(String line) throws IOException {
        writeFully(channel, line);
        channel.force(false);
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static void writeFully(FileChannel channel, String line) throws IOException {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a journal entry must be one line");
        }
        ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
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

    /** A journal whose damage is not a torn last line. */
    static final class DamagedJournalException extends IOException {
        DamagedJournalException(String message) {
            super(message);
        }
    }
}

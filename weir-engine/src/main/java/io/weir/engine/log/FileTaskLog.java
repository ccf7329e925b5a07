package io.weir.engine.log;

import static java.util.Objects.requireNonNull;

import io.weir.core.task.TaskLog;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * The log file of one try. Raw output is buffered by line and masked before it reaches the file, so a secret
 * written in two pieces is masked all the same. Safe to use from several threads (a process pump and the runner).
 */
public final class FileTaskLog implements TaskLog, Closeable {
    /** A line longer than this is written in pieces, so output without newlines cannot fill memory. */
    static final int LINE_LIMIT = 64 * 1024;

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private final Path file;
    private final SecretMasker masker;
    private final Clock clock;
    private final OutputStream out;
    private final OutputStream raw = new RawOutput();
    private byte[] pending = new byte[1024];
    private int pendingLength;
    private boolean closed;

    /** Opens (appending) the log at {@code file}, creating its folders; masks the given secret values. */
    public FileTaskLog(Path file, Collection<String> secretValues) throws IOException {
        this(file, secretValues.isEmpty() ? SecretMasker.none() : new SecretMasker(secretValues), Clock.systemUTC());
    }

    public FileTaskLog(Path file, SecretMasker masker, Clock clock) throws IOException {
        this.file = requireNonNull(file, "file is null");
        this.masker = requireNonNull(masker, "masker is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.out = new BufferedOutputStream(open(file));
    }

    public Path file() {
        return file;
    }

    @Override
    public void info(String message) {
        String line = timestamp(clock.instant()) + " " + masker.mask(String.valueOf(message)) + "\n";
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The log " + file + " is closed");
            }
            try {
                endPartialLine();
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the task log " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Raw output, masked line by line; closing it only flushes, the log stays open. */
    @Override
    public OutputStream stream() {
        return raw;
    }

    /** Writes what is left of an unfinished line and closes the file. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            endPartialLine();
        } finally {
            out.close();
        }
    }

    private synchronized void writeRaw(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("The log " + file + " is closed");
        }
        int lineStart = offset;
        int end = offset + length;
        for (int index = offset; index < end; index++) {
            if (bytes[index] == '\n') {
                append(bytes, lineStart, index + 1 - lineStart);
                writePending(pendingLength);
                lineStart = index + 1;
            }
        }
        append(bytes, lineStart, end - lineStart);
        if (pendingLength >= LINE_LIMIT) {
            // Keep back enough of the tail that a secret continuing in the next write is still seen whole.
            int keep = Math.max(0, masker.longestPatternBytes() - 1);
            int cut = masker.safeCut(pending, pendingLength, pendingLength - keep);
            writePending(cut > 0 ? cut : pendingLength);
        }
        out.flush();
    }

    private void endPartialLine() throws IOException {
        if (pendingLength > 0) {
            append(new byte[] {'\n'}, 0, 1);
            writePending(pendingLength);
        }
    }

    private void append(byte[] bytes, int offset, int length) {
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
    }

    /** Masks and writes {@code pending[0, count)} and keeps the rest. */
    private void writePending(int count) throws IOException {
        out.write(masker.mask(pending, count));
        System.arraycopy(pending, count, pending, 0, pendingLength - count);
        pendingLength -= count;
    }

    /** As {@code uuuu-MM-dd'T'HH:mm:ss.SSSXXX} in UTC ("2024-01-01T00:00:00.000Z"), without a formatter's cost. */
    static String timestamp(Instant instant) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (time.getYear() < 0 || time.getYear() > 9999) {
            return TIMESTAMP.format(instant);
        }
        StringBuilder text = new StringBuilder(24);
        digits(text, time.getYear(), 4).append('-');
        digits(text, time.getMonthValue(), 2).append('-');
        digits(text, time.getDayOfMonth(), 2).append('T');
        digits(text, time.getHour(), 2).append(':');
        digits(text, time.getMinute(), 2).append(':');
        digits(text, time.getSecond(), 2).append('.');
        return digits(text, time.getNano() / 1_000_000, 3).append('Z').toString();
    }

    private static StringBuilder digits(StringBuilder text, int value, int width) {
        String number = Integer.toString(value);
        for (int pad = number.length(); pad < width; pad++) {
            text.append('0');
        }
        return text.append(number);
    }

    private static OutputStream open(Path file) throws IOException {
        try {
            return createAndOpen(file);
        } catch (NoSuchFileException e) {
            // Log retention may have removed the emptied folder between creating it and opening the file.
            return createAndOpen(file);
        }
    }

    private static OutputStream createAndOpen(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        // Asked through java.io.File: java.nio.file answers a missing folder (each new try's) with an exception.
        if (parent != null && !parent.toFile().isDirectory()) {
            Files.createDirectories(parent);
        }
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private final class RawOutput extends OutputStream {
        @Override
        public void write(int value) throws IOException {
            writeRaw(new byte[] {(byte) value}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            writeRaw(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            synchronized (FileTaskLog.this) {
                if (!closed) {
                    out.flush();
                }
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

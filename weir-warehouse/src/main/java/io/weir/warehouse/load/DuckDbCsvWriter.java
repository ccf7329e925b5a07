package io.weir.warehouse.load;

import io.weir.warehouse.Dialect;
import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads {@link CopyCsvRows} through DuckDB's own CSV reader, which parses and stores values far faster than an
 * appender fed value by value: a thread writes the source's lines into chunk files of a temporary folder while each
 * finished chunk is inserted with {@code read_csv}, so reading and loading overlap and no rows are held in memory.
 */
final class DuckDbCsvWriter {
    /**
     * The size of one chunk file; at most three exist at a time (being written, waiting, being loaded). Small enough
     * that a sync's range of keys spans several, so reading and loading overlap within it.
     */
    static final long CHUNK_BYTES = 8L << 20;

    /**
     * The size of a load's first chunk; each next one is twice the size, up to {@link #CHUNK_BYTES}. DuckDB waits for
     * the first chunk with nothing to do, so a small one starts it sooner.
     */
    static final long FIRST_CHUNK_BYTES = 1L << 20;

    /** DuckDB's own limit on a CSV line unless told otherwise. */
    private static final int DEFAULT_MAX_LINE = 2_000_000;

    private sealed interface Handoff {}

    private record Ready(Path file, CopyCsvRows.Chunk chunk) implements Handoff {}

    private record Failed(RuntimeException failure) implements Handoff {}

    private record End() implements Handoff {}

    private final WarehouseSession session;
    private final Dialect dialect;

    DuckDbCsvWriter(WarehouseSession session) {
        this.session = session;
        this.dialect = session.dialect();
    }

    BulkWriter.Written write(
            Relation table, CopyCsvRows rows, OffsetDateTime uploadedAt, String runId, LongConsumer progress) {
        return LoadThreads.leavingACore(session, () -> writeChunks(table, rows, uploadedAt, runId, progress));
    }

    private BulkWriter.Written writeChunks(
            Relation table, CopyCsvRows rows, OffsetDateTime uploadedAt, String runId, LongConsumer progress) {
        Path dir;
        try {
            dir = Files.createTempDirectory("weir-load-");
        } catch (IOException e) {
            throw new WarehouseException("Cannot create a temporary folder for the rows of " + table + ": " + e, e);
        }
        BlockingQueue<Handoff> queue = new ArrayBlockingQueue<>(1);
        Reader reader = new Reader(rows, dir, queue);
        Thread thread = new Thread(reader, "weir-load-csv-" + table.identifier());
        thread.setDaemon(true);
        thread.start();
        try {
            Insert insert = insert(table, rows.columns(), uploadedAt, runId);
            return DuckDbAppenderWriter.inTransaction(session, () -> load(table, insert, queue, progress));
        } finally {
            reader.stopped = true;
            queue.clear();
            join(thread);
            deleteQuietly(dir);
        }
    }

    private BulkWriter.Written load(
            Relation table, Insert insert, BlockingQueue<Handoff> queue, LongConsumer progress) {
        long count = 0;
        long bytes = 0;
        for (Handoff next = take(queue); !(next instanceof End); next = take(queue)) {
            if (next instanceof Failed failed) {
                throw failed.failure();
            }
            Ready ready = (Ready) next;
            long inserted;
            try {
                inserted = session.execute(insert.of(ready.file(), ready.chunk().longestLine()));
            } catch (WarehouseException e) {
                throw new WarehouseException("Cannot load rows into " + table + ": " + firstLines(e.getMessage()), e);
            }
            if (inserted != ready.chunk().rows()) {
                throw new WarehouseException("Cannot load rows into " + table + ": DuckDB read " + inserted
                        + " rows of a chunk of " + ready.chunk().rows() + " lines of the source's CSV");
            }
            deleteQuietly(ready.file());
            count += inserted;
            bytes += ready.chunk().bytes() - inserted;
            progress.accept(count);
        }
        return new BulkWriter.Written(count, bytes);
    }

    /** The insert of one chunk: what comes before and after the {@code read_csv} options that depend on the chunk. */
    private record Insert(String head, String tail) {
        String of(Path file, int longestLine) {
            return head + literal(file.toString()) + lineOptions(longestLine) + tail;
        }
    }

    private Insert insert(Relation table, List<LoadColumn> columns, OffsetDateTime uploadedAt, String runId) {
        String names =
                columns.stream().map(column -> dialect.quote(column.name())).collect(Collectors.joining(", "));
        String values = columns.stream().map(this::value).collect(Collectors.joining(", "));
        if (uploadedAt != null) {
            names += ", " + dialect.quote(TableLoader.UPLOADED_AT) + ", " + dialect.quote(TableLoader.RUN_ID);
            String at = uploadedAt.withOffsetSameInstant(ZoneOffset.UTC).format(TableLoader.MICROS_UTC);
            values += ", cast('" + at + "' as timestamp with time zone), " + literal(runId);
        }
        String types = columns.stream()
                .map(column -> literal(column.name()) + ": " + literal(readType(stored(column))))
                .collect(Collectors.joining(", "));
        return new Insert(
                "insert into " + table.render(dialect) + " (" + names + ") select " + values + " from read_csv(",
                ", header = false, delim = ',', quote = '\"', escape = '\"', nullstr = '', allow_quoted_nulls = false,"
                        + " new_line = '\\n', auto_detect = false, columns = {" + types + "})");
    }

    /** The options for a chunk whose longest line is {@code longestLine} bytes. */
    private static String lineOptions(int longestLine) {
        if (longestLine < DEFAULT_MAX_LINE - 2) {
            return "";
        }
        long maxLine = longestLine + 1024L;
        return ", max_line_size = " + maxLine + ", buffer_size = " + Math.max(32L << 20, 2 * maxLine);
    }

    private static LoadType stored(LoadColumn column) {
        return column.type().in(WarehouseType.DUCKDB);
    }

    /** The type {@code read_csv} reads a column as: text where PostgreSQL writes what DuckDB does not read as is. */
    private static String readType(LoadType stored) {
        return switch (stored.kind()) {
            case DATE, TIMESTAMP, TIMESTAMPTZ, BYTES, JSON, OTHER -> "varchar";
            default -> stored.sql(WarehouseType.DUCKDB);
        };
    }

    /** The value stored for a column read as {@link #readType}. */
    private String value(LoadColumn column) {
        LoadType stored = stored(column);
        String name = dialect.quote(column.name());
        String type = stored.sql(WarehouseType.DUCKDB);
        return switch (stored.kind()) {
                // PostgreSQL writes years before 1 as "0044-03-15 BC"; DuckDB reads astronomical years (-0043).
            case DATE, TIMESTAMP, TIMESTAMPTZ -> "case when ends_with(" + name + ", ' BC') then cast(case when "
                    + name + "[1:4] = '0001' then '0000' else '-' || lpad(cast(cast(" + name
                    + "[1:4] as integer) - 1 as varchar), 4, '0') end || " + name + "[5:-4] as " + type
                    + ") else cast(" + name + " as " + type + ") end";
            case BYTES -> "unhex(" + name + "[3:])";
            case JSON, OTHER -> "cast(" + name + " as " + type + ")";
            default -> name;
        };
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** DuckDB's CSV errors end in a list of every reader option; the first lines say what went wrong. */
    private static String firstLines(String message) {
        if (message == null) {
            return "";
        }
        return message.lines().limit(4).collect(Collectors.joining(" "));
    }

    private static Handoff take(BlockingQueue<Handoff> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WarehouseException("Interrupted while waiting for the source's rows", e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path path) {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(each -> each.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover in the temporary folder is harmless.
        }
    }

    /** Writes the source's lines into chunk files and hands each finished one over, until the rows end. */
    private static final class Reader implements Runnable {
        private final CopyCsvRows rows;
        private final Path dir;
        private final BlockingQueue<Handoff> queue;
        volatile boolean stopped;

        Reader(CopyCsvRows rows, Path dir, BlockingQueue<Handoff> queue) {
            this.rows = rows;
            this.dir = dir;
            this.queue = queue;
        }

        @Override
        public void run() {
            try {
                for (int i = 0; !stopped; i++) {
                    Path file = dir.resolve("chunk-" + i + ".csv");
                    CopyCsvRows.Chunk chunk;
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                        chunk = rows.nextChunk(out, Math.min(CHUNK_BYTES, FIRST_CHUNK_BYTES << Math.min(i, 8)));
                    }
                    if (chunk.rows() == 0) {
                        put(new End());
                        return;
                    }
                    put(new Ready(file, chunk));
                }
            } catch (IOException e) {
                put(new Failed(new WarehouseException("Cannot write the source's rows to " + dir + ": " + e, e)));
            } catch (RuntimeException e) {
                put(new Failed(e));
            } catch (Error e) {
                // The loading side waits for a handoff: it hears of this one too, then it is thrown on.
                put(new Failed(new WarehouseException("Cannot read the source's rows: " + e, e)));
                throw e;
            }
        }

        /** Waits for room, giving up once the loading side has stopped. */
        private void put(Handoff handoff) {
            try {
                while (!stopped) {
                    if (queue.offer(handoff, 50, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

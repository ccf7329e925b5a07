package io.weir.warehouse.load;

import io.weir.warehouse.Dialect;
import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseType;
import java.io.IOException;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@link ColumnarRows} into DuckDB as Arrow batches, which DuckDB scans without parsing text: one insert reads
 * every batch, each filled by the source as DuckDB asks for it, so no more than one batch of rows is held in memory.
 * Against CSV chunks this saves DuckDB's parsing, about a third of its work, and the chunk files.
 */
final class DuckDbArrowWriter {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbArrowWriter.class);

    /** The system property that, set to {@code false}, sends every DuckDB load through CSV chunks instead. */
    static final String SWITCH = "weir.duckdb.arrow";

    /**
     * Arrow checks every value's place in its buffer against the buffer and that the buffer is still held, which
     * costs the thread filling batches a fifth of its time. Batches are filled at places inside what was allocated
     * for them ({@link ColumnBatch}), so the checks are turned off unless the JVM was told otherwise.
     */
    private static final String BOUNDS_CHECKS = "arrow.enable_unsafe_memory_access";

    /** The environment variable Arrow reads when the JVM's {@link #BOUNDS_CHECKS} property is not set. */
    private static final String BOUNDS_CHECKS_VARIABLE = "ARROW_ENABLE_UNSAFE_MEMORY_ACCESS";

    private static volatile Boolean available;

    private final WarehouseSession session;
    private final Dialect dialect;

    DuckDbArrowWriter(WarehouseSession session) {
        this.session = session;
        this.dialect = session.dialect();
    }

    /**
     * Whether Arrow's memory works in this JVM: it reads direct buffers' addresses, which needs
     * {@code --add-opens=java.base/java.nio=ALL-UNNAMED} (Weir's jar and its tests open it). Without it, or with the
     * system property {@value #SWITCH} set to {@code false}, sources give their rows another way (as CSV, or value by
     * value).
     */
    static boolean available() {
        if ("false".equalsIgnoreCase(System.getProperty(SWITCH))) {
            return false;
        }
        Boolean known = available;
        if (known == null) {
            if (System.getProperty(BOUNDS_CHECKS) == null && System.getenv(BOUNDS_CHECKS_VARIABLE) == null) {
                System.setProperty(BOUNDS_CHECKS, "true");
            }
            try (BufferAllocator allocator = new RootAllocator();
                    ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
                known = stream.memoryAddress() != 0;
            } catch (Throwable e) {
                LOG.info("DuckDB loads take no Arrow batches: Arrow does not work in this JVM ({})", e.toString());
                known = false;
            }
            available = known;
        }
        return known;
    }

    BulkWriter.Written write(
            Relation table, ColumnarRows rows, OffsetDateTime uploadedAt, String runId, LongConsumer progress) {
        return LoadThreads.leavingACore(
                session,
                () -> DuckDbAppenderWriter.inTransaction(
                        session, () -> insert(table, rows, uploadedAt, runId, progress)));
    }

    private BulkWriter.Written insert(
            Relation table, ColumnarRows rows, OffsetDateTime uploadedAt, String runId, LongConsumer progress) {
        List<LoadColumn> columns = rows.columns();
        List<ColumnBatch.Carrier> carriers = rows.carriers();
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            fields.add(ColumnBatch.field(columns.get(i).name(), carriers.get(i), stored(columns.get(i))));
        }
        String view = "weir_rows_" + UUID.randomUUID().toString().replace("-", "");
        // The stream owns the batches once they are exported to it, and closes them when it is closed.
        try (BufferAllocator allocator = new RootAllocator();
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Schema schema = new Schema(fields);
            Filler filler = new Filler(allocator, schema, rows);
            Thread thread = new Thread(filler, "weir-load-batches-" + table.identifier());
            thread.setDaemon(true);
            thread.start();
            try {
                Batches batches = new Batches(allocator, schema, filler, thread, progress);
                Data.exportArrayStream(allocator, batches, stream);
                DuckDBConnection connection = session.connection().unwrap(DuckDBConnection.class);
                connection.registerArrowStream(view, stream);
                long inserted;
                try {
                    inserted = session.execute(sql(table, columns, carriers, view, uploadedAt, runId));
                } catch (WarehouseException e) {
                    if (batches.failure != null) {
                        throw batches.failure;
                    }
                    throw new WarehouseException("Cannot load rows into " + table + ": " + e.getMessage(), e);
                } finally {
                    dropQuietly(view);
                }
                if (batches.failure != null) {
                    throw batches.failure;
                }
                if (inserted != batches.count) {
                    throw new WarehouseException("Cannot load rows into " + table + ": DuckDB took " + inserted
                            + " rows of the source's " + batches.count);
                }
                return new BulkWriter.Written(inserted, batches.bytes);
            } finally {
                filler.stop(thread);
            }
        } catch (SQLException e) {
            throw new WarehouseException(
                    "Cannot hand the rows of " + table + " to DuckDB: " + DuckDbAppenderWriter.message(e), e);
        }
    }

    /** Drops the view the rows were read through; a failed insert's transaction drops it with the rest. */
    private void dropQuietly(String view) {
        try {
            session.execute("drop view if exists " + dialect.quote(view));
        } catch (WarehouseException e) {
            LOG.debug("Could not drop {}: {}", view, e.getMessage());
        }
    }

    private String sql(
            Relation table,
            List<LoadColumn> columns,
            List<ColumnBatch.Carrier> carriers,
            String view,
            OffsetDateTime uploadedAt,
            String runId) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            names.add(dialect.quote(columns.get(i).name()));
            values.add(value(dialect.quote(columns.get(i).name()), carriers.get(i), stored(columns.get(i))));
        }
        if (uploadedAt != null) {
            names.add(dialect.quote(TableLoader.UPLOADED_AT));
            names.add(dialect.quote(TableLoader.RUN_ID));
            String at = uploadedAt.withOffsetSameInstant(ZoneOffset.UTC).format(TableLoader.MICROS_UTC);
            values.add("cast('" + at + "' as timestamp with time zone)");
            values.add("'" + runId.replace("'", "''") + "'");
        }
        return "insert into " + table.render(dialect) + " (" + String.join(", ", names) + ") select "
                + String.join(", ", values) + " from " + dialect.quote(view);
    }

    /** The value stored from field {@code name}: as it travels, or cast from its text or number to the stored type. */
    static String value(String name, ColumnBatch.Carrier carrier, LoadType stored) {
        String type = stored.sql(WarehouseType.DUCKDB);
        boolean same =
                switch (carrier) {
                    case LONG -> stored.kind() == LoadType.Kind.BIGINT;
                    case DECIMAL -> stored.kind() == LoadType.Kind.DECIMAL;
                    case BOOLEAN -> stored.kind() == LoadType.Kind.BOOLEAN;
                    case FLOAT -> stored.kind() == LoadType.Kind.REAL;
                    case DOUBLE -> stored.kind() == LoadType.Kind.DOUBLE;
                    case DATE -> stored.kind() == LoadType.Kind.DATE;
                    case TIME -> stored.kind() == LoadType.Kind.TIME;
                    case TIMESTAMP -> stored.kind() == LoadType.Kind.TIMESTAMP;
                    case TIMESTAMPTZ -> stored.kind() == LoadType.Kind.TIMESTAMPTZ;
                    case TEXT -> stored.kind() == LoadType.Kind.VARCHAR || stored.kind() == LoadType.Kind.TEXT;
                    case BYTES -> stored.kind() == LoadType.Kind.BYTES;
                };
        return same ? name : "cast(" + name + " as " + type + ")";
    }

    private static LoadType stored(LoadColumn column) {
        return column.type().in(WarehouseType.DUCKDB);
    }

    private sealed interface Handoff {}

    private record Filled(ArrowRecordBatch batch, long bytes) implements Handoff {}

    private record Failed(RuntimeException failure) implements Handoff {}

    private record End() implements Handoff {}

    /**
     * Fills batches from the source on a thread of its own, one ahead of DuckDB, so that the source's server keeps
     * sending while DuckDB stores the batch before.
     */
    private static final class Filler implements Runnable {
        private final BufferAllocator allocator;
        private final Schema schema;
        private final ColumnarRows rows;
        final BlockingQueue<Handoff> queue = new ArrayBlockingQueue<>(1);
        volatile boolean stopped;

        Filler(BufferAllocator allocator, Schema schema, ColumnarRows rows) {
            this.allocator = allocator;
            this.schema = schema;
            this.rows = rows;
        }

        @Override
        public void run() {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
                ColumnBatch batch = new ColumnBatch(root);
                for (boolean first = true; !stopped; first = false) {
                    batch.clear(first);
                    int added = rows.nextBatch(batch);
                    batch.finish(added);
                    if (added == 0) {
                        put(new End());
                        return;
                    }
                    ArrowRecordBatch filled = new VectorUnloader(root).getRecordBatch();
                    if (!put(new Filled(filled, batch.takeBytes()))) {
                        filled.close();
                    }
                }
            } catch (RuntimeException e) {
                put(new Failed(e));
            } catch (Error e) {
                // DuckDB waits for a handoff: it hears of this one too, then it is thrown on.
                put(new Failed(new WarehouseException("Cannot read the source's rows: " + e, e)));
                throw e;
            }
        }

        /** Waits for room, giving up once the loading side has stopped; whether the handoff was taken. */
        private boolean put(Handoff handoff) {
            try {
                while (!stopped) {
                    if (queue.offer(handoff, 50, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        /** Stops filling and frees what was filled but not taken. */
        void stop(Thread thread) {
            stopped = true;
            for (Handoff left = queue.poll(); left != null; left = queue.poll()) {
                if (left instanceof Filled filled) {
                    filled.batch().close();
                }
            }
            // The filler reads the source's connection and holds Arrow's memory: both are closed after it ends, so
            // it is waited for even through an interrupt, which is kept for the caller.
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            for (Handoff left = queue.poll(); left != null; left = queue.poll()) {
                if (left instanceof Filled filled) {
                    filled.batch().close();
                }
            }
        }
    }

    /**
     * The batches DuckDB reads, each taken from the {@link Filler}. A failure of the source is kept to be thrown as it
     * was once DuckDB gives up the insert, rather than as DuckDB's message about the stream.
     */
    private static final class Batches extends ArrowReader {
        private final Schema schema;
        private final Filler filler;
        private final Thread thread;
        private final LongConsumer progress;
        private volatile boolean ended;
        volatile RuntimeException failure;
        volatile long count;
        volatile long bytes;

        Batches(BufferAllocator allocator, Schema schema, Filler filler, Thread thread, LongConsumer progress) {
            super(allocator);
            this.schema = schema;
            this.filler = filler;
            this.thread = thread;
            this.progress = progress;
        }

        /**
         * DuckDB asks for the next batch on one of its threads. Whatever fails here is kept and ends the stream with
         * its message alone; the insert then fails and the failure is thrown as it was.
         */
        @Override
        public boolean loadNextBatch() throws IOException {
            if (ended || failure != null) {
                return false;
            }
            try {
                Handoff next = next();
                if (next instanceof Failed failed) {
                    failure = failed.failure();
                } else if (next instanceof End) {
                    ended = true;
                    return false;
                } else {
                    Filled filled = (Filled) next;
                    long before = count;
                    try (ArrowRecordBatch batch = filled.batch()) {
                        new VectorLoader(getVectorSchemaRoot()).load(batch);
                        count = before + batch.getLength();
                    }
                    bytes += filled.bytes();
                    if (count / TableLoader.PROGRESS_EVERY != before / TableLoader.PROGRESS_EVERY) {
                        progress.accept(count);
                    }
                    return true;
                }
            } catch (RuntimeException e) {
                failure = e;
            }
            throw new IOException(failure.getMessage());
        }

        /** The filler's next handoff; a filler that ended without one, or an interrupt, is a failure. */
        private Handoff next() {
            try {
                while (true) {
                    Handoff next = filler.queue.poll(100, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        return next;
                    }
                    if (!thread.isAlive() && filler.queue.isEmpty()) {
                        return new Failed(new WarehouseException("The thread reading the source's rows ended without"
                                + " handing over their end; the load is abandoned"));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Failed(new WarehouseException("Interrupted while waiting for the source's rows", e));
            }
        }

        @Override
        public long bytesRead() {
            return bytes;
        }

        @Override
        protected void closeReadSource() {}

        @Override
        protected Schema readSchema() {
            return schema;
        }
    }
}

package io.weir.extract.database;

import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.RowSource;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a source's rows on a thread of their own, a few small batches ahead of the warehouse writer, so that the
 * source's decoding and the warehouse's encoding overlap. Memory stays bounded: at most {@link #QUEUED} batches of
 * {@link #BATCH} rows wait.
 */
public final class PrefetchedRows implements RowSource, AutoCloseable {
    static final int BATCH = 1024;
    static final int QUEUED = 4;

    private record Batch(Object[][] rows, int size, RuntimeException failure) {}

    private static final Batch END = new Batch(new Object[0][], 0, null);

    private final RowSource source;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Thread reader;
    private volatile boolean closed;
    private Batch current = new Batch(new Object[0][], 0, null);
    private int position;
    private boolean ended;

    private PrefetchedRows(RowSource source, String name) {
        this.source = source;
        this.reader = new Thread(this::read, "weir-extract-read-" + name);
        this.reader.setDaemon(true);
    }

    public static PrefetchedRows start(RowSource source, String name) {
        PrefetchedRows rows = new PrefetchedRows(source, name);
        rows.reader.start();
        return rows;
    }

    @Override
    public List<LoadColumn> columns() {
        return source.columns();
    }

    @Override
    public boolean next(Object[] row) {
        while (position >= current.size()) {
            if (ended) {
                return false;
            }
            current = take();
            position = 0;
            if (current.failure() != null) {
                ended = true;
                throw current.failure();
            }
            if (current == END) {
                ended = true;
                return false;
            }
        }
        System.arraycopy(current.rows()[position++], 0, row, 0, row.length);
        return true;
    }

    private Batch take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the source's rows", e);
        }
    }

    private void read() {
        int width = source.columns().size();
        try {
            while (!closed) {
                Object[][] rows = new Object[BATCH][];
                int size = 0;
                while (size < BATCH) {
                    Object[] row = new Object[width];
                    if (!source.next(row)) {
                        break;
                    }
                    rows[size++] = row;
                }
                if (size > 0) {
                    put(new Batch(rows, size, null));
                }
                if (size < BATCH) {
                    put(END);
                    return;
                }
            }
        } catch (RuntimeException e) {
            put(new Batch(new Object[0][], 0, e));
        }
    }

    /** Waits for room, giving up once the writer has closed the stream. */
    private void put(Batch batch) {
        try {
            while (!closed) {
                if (queue.offer(batch, 50, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the reader and waits for it, so that the result set can be closed safely afterwards. */
    @Override
    public void close() {
        closed = true;
        queue.clear();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

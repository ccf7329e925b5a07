package io.weir.extract.database;

import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.LoadType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The lines of a PostgreSQL {@code COPY (query) TO STDOUT}, one row each (a whole row even where a quoted value holds
 * newlines), counted, checked for cancellation every 1,024 rows, and failing as one sentence naming the table.
 */
final class CopyLines implements AutoCloseable {
    private final CopyOut copy;
    private final BooleanSupplier cancelled;
    private final String where;
    private long rows;
    private boolean ended;

    private CopyLines(CopyOut copy, BooleanSupplier cancelled, String where) {
        this.copy = copy;
        this.cancelled = cancelled;
        this.where = where;
    }

    /** Starts {@code copy} (a COPY ... TO STDOUT statement) on {@code connection}, which may run nothing else. */
    static CopyLines start(Connection connection, String copy, BooleanSupplier cancelled, String where)
            throws SQLException {
        return new CopyLines(connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copy), cancelled, where);
    }

    /** The warehouse columns of {@code columns}, and a last text column for the task instance when there is one. */
    static List<LoadColumn> loadColumns(List<SourceColumn> columns, String taskInstance) {
        List<LoadColumn> load = new ArrayList<>();
        columns.forEach(column -> load.add(column.column()));
        if (taskInstance != null) {
            load.add(new LoadColumn(DatabaseExtract.TASK_INSTANCE, LoadType.of(LoadType.Kind.TEXT)));
        }
        return List.copyOf(load);
    }

    /** The next row's line, ending in its newline; null after the last. */
    byte[] next() {
        if (ended) {
            return null;
        }
        if ((rows & 1023) == 0 && cancelled.getAsBoolean()) {
            throw new SourceReadCancelled(where, rows);
        }
        try {
            byte[] line = copy.readFromCopy();
            if (line != null) {
                rows++;
            } else {
                ended = true;
            }
            return line;
        } catch (SQLException e) {
            throw new SourceReadException(
                    "Reading " + where + " failed after " + rows + " rows: " + SourceFailures.message(e), e);
        }
    }

    /** The rows read so far. */
    long rows() {
        return rows;
    }

    /** Ends the copy if the rows were not read to the end, so that the connection can be closed or reused. */
    @Override
    public void close() {
        cancel(copy);
    }

    /** Ends {@code copy} if it is still sending, so that its connection can be closed or reused. */
    static void cancel(CopyOut copy) {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                // The connection is gone; the copy ended with it.
            }
        }
    }
}

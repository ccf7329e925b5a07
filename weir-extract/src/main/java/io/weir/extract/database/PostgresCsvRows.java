package io.weir.extract.database;

import io.weir.extract.database.SourceColumn.Reading;
import io.weir.warehouse.load.CopyCsvRows;
import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.LoadType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * A PostgreSQL source query's rows read by {@code COPY (query) TO STDOUT (FORMAT csv)} for a DuckDB warehouse, which
 * loads the lines with its own CSV reader: no value is read in Java.
 */
final class PostgresCsvRows implements CopyCsvRows, AutoCloseable {
    private final CopyOut copy;
    private final List<LoadColumn> loadColumns;
    private final byte[] taskInstanceField;
    private final BooleanSupplier cancelled;
    private final String where;
    private long rows;
    private boolean ended;

    private PostgresCsvRows(
            CopyOut copy, List<SourceColumn> columns, BooleanSupplier cancelled, String where, String taskInstance) {
        this.copy = copy;
        List<LoadColumn> load = new ArrayList<>();
        columns.forEach(column -> load.add(column.column()));
        if (taskInstance != null) {
            load.add(new LoadColumn(DatabaseExtract.TASK_INSTANCE, LoadType.of(LoadType.Kind.TEXT)));
        }
        this.loadColumns = List.copyOf(load);
        this.taskInstanceField = taskInstance == null
                ? null
                : (",\"" + taskInstance.replace("\"", "\"\"") + "\"\n").getBytes(StandardCharsets.UTF_8);
        this.cancelled = cancelled;
        this.where = where;
    }

    /**
     * Starts {@code COPY (query) TO STDOUT (FORMAT csv)} on {@code connection}, which may run nothing else until this
     * is closed; bytea comes as hex, whatever the server's default.
     *
     * @param taskInstance the value of a last {@value DatabaseExtract#TASK_INSTANCE} column; null for none
     */
    static PostgresCsvRows start(
            Connection connection,
            String query,
            List<SourceColumn> columns,
            BooleanSupplier cancelled,
            String where,
            String taskInstance)
            throws SQLException {
        if (columns.stream().anyMatch(column -> column.reading() == Reading.BYTES)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET bytea_output = 'hex'");
            }
        }
        CopyOut copy = connection
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyOut("COPY (" + query + "\n) TO STDOUT (FORMAT csv)");
        return new PostgresCsvRows(copy, columns, cancelled, where, taskInstance);
    }

    @Override
    public List<LoadColumn> columns() {
        return loadColumns;
    }

    @Override
    public Chunk nextChunk(OutputStream out, long bytes) throws IOException {
        long written = 0;
        long count = 0;
        int longest = 0;
        while (written < bytes) {
            byte[] line = read();
            if (line == null) {
                break;
            }
            int length = line.length;
            if (taskInstanceField == null) {
                out.write(line);
            } else {
                out.write(line, 0, line.length - 1);
                out.write(taskInstanceField);
                length += taskInstanceField.length - 1;
            }
            written += length;
            longest = Math.max(longest, length);
            count++;
        }
        return new Chunk(count, written, longest);
    }

    /** One row of COPY, a whole line even where a quoted value holds newlines. */
    private byte[] read() {
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

    /** Ends the copy if the rows were not read to the end, so that the connection can be closed or reused. */
    @Override
    public void close() {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                // The connection is gone; the copy ended with it.
            }
        }
    }
}

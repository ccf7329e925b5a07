package io.weir.extract.database;

import io.weir.extract.database.SourceColumn.Reading;
import io.weir.warehouse.load.CopyCsvRows;
import io.weir.warehouse.load.LoadColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A PostgreSQL source query's rows read by {@code COPY (query) TO STDOUT (FORMAT csv)} for a DuckDB warehouse, which
 * loads the lines with its own CSV reader: no value is read in Java.
 */
final class PostgresCsvRows implements CopyCsvRows, AutoCloseable {
    private final CopyLines lines;
    private final List<LoadColumn> loadColumns;
    private final byte[] taskInstanceField;

    private PostgresCsvRows(CopyLines lines, List<SourceColumn> columns, String taskInstance) {
        this.lines = lines;
        this.loadColumns = CopyLines.loadColumns(columns, taskInstance);
        this.taskInstanceField = taskInstance == null
                ? null
                : (",\"" + taskInstance.replace("\"", "\"\"") + "\"\n").getBytes(StandardCharsets.UTF_8);
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
        CopyLines lines =
                CopyLines.start(connection, "COPY (" + query + "\n) TO STDOUT (FORMAT csv)", cancelled, where);
        return new PostgresCsvRows(lines, columns, taskInstance);
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
            byte[] line = lines.next();
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

    @Override
    public void close() {
        lines.close();
    }
}

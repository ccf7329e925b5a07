package io.weir.extract.database;

import io.weir.extract.database.SourceColumn.Reading;
import io.weir.warehouse.load.CopyTextRows;
import io.weir.warehouse.load.LoadColumn;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A PostgreSQL source query's rows read by {@code COPY (query) TO STDOUT}, the source's fastest way out: a PostgreSQL
 * warehouse takes the lines as they are, other warehouses the values {@link CopyTextValues} reads from them.
 */
final class PostgresCopyRows implements CopyTextRows, AutoCloseable {
    /** The readings whose COPY text a PostgreSQL RAW column of the mapped type reads back unchanged. */
    private static final Set<Reading> COPIED = EnumSet.complementOf(
            EnumSet.of(Reading.ARRAY_AS_JSON, Reading.TEXT_DATE, Reading.TEXT_TIMESTAMP, Reading.SQLITE_BOOLEAN));

    private final CopyLines lines;
    private final List<SourceColumn> columns;
    private final List<LoadColumn> loadColumns;
    private final CopyTextValues values;
    private final String taskInstance;
    private final byte[] taskInstanceText;

    private PostgresCopyRows(CopyLines lines, List<SourceColumn> columns, String where, String taskInstance) {
        this.lines = lines;
        this.columns = List.copyOf(columns);
        this.loadColumns = CopyLines.loadColumns(columns, taskInstance);
        this.values = new CopyTextValues(where);
        this.taskInstance = taskInstance;
        this.taskInstanceText = taskInstance == null
                ? null
                : ("\t"
                                + taskInstance
                                        .replace("\\", "\\\\")
                                        .replace("\t", "\\t")
                                        .replace("\n", "\\n") + "\n")
                        .getBytes(StandardCharsets.UTF_8);
    }

    /** Whether every column can be read from COPY text; arrays (landed as JSON) cannot. */
    static boolean reads(List<SourceColumn> columns) {
        return columns.stream().allMatch(column -> COPIED.contains(column.reading()));
    }

    /**
     * Starts {@code COPY (query) TO STDOUT} on {@code connection}, which may run nothing else until this is closed.
     *
     * @param taskInstance the value of a last {@value DatabaseExtract#TASK_INSTANCE} column; null for none
     */
    static PostgresCopyRows start(
            Connection connection,
            String query,
            List<SourceColumn> columns,
            BooleanSupplier cancelled,
            String where,
            String taskInstance)
            throws SQLException {
        CopyLines lines = CopyLines.start(connection, "COPY (" + query + "\n) TO STDOUT", cancelled, where);
        return new PostgresCopyRows(lines, columns, where, taskInstance);
    }

    @Override
    public List<LoadColumn> columns() {
        return loadColumns;
    }

    @Override
    public byte[] nextLine() {
        byte[] line = lines.next();
        if (line == null || taskInstanceText == null) {
            return line;
        }
        byte[] withTaskInstance = Arrays.copyOf(line, line.length - 1 + taskInstanceText.length);
        System.arraycopy(taskInstanceText, 0, withTaskInstance, line.length - 1, taskInstanceText.length);
        return withTaskInstance;
    }

    @Override
    public boolean next(Object[] row) {
        byte[] line = lines.next();
        if (line == null) {
            return false;
        }
        int start = 0;
        int width = columns.size();
        for (int i = 0; i < width; i++) {
            int end = start;
            while (line[end] != '\t' && line[end] != '\n') {
                end++;
            }
            row[i] = values.read(line, start, end, columns.get(i), lines.rows());
            start = end + 1;
        }
        if (taskInstance != null) {
            row[width] = taskInstance;
        }
        return true;
    }

    @Override
    public void close() {
        lines.close();
    }
}

package io.weir.extract.database;

import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.LoadType;
import io.weir.warehouse.load.RowSource;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** A source query's rows, read one at a time from an open result set as the warehouse takes them. */
final class JdbcRows implements RowSource {
    private final ResultSet results;
    private final List<SourceColumn> columns;
    private final List<LoadColumn> loadColumns;
    private final BooleanSupplier cancelled;
    private final String where;
    private final String taskInstance;
    private long rows;
    private boolean ended;

    /** @param taskInstance the value of a last {@value DatabaseExtract#TASK_INSTANCE} column; null for none */
    JdbcRows(
            ResultSet results,
            List<SourceColumn> columns,
            BooleanSupplier cancelled,
            String where,
            String taskInstance) {
        this.results = results;
        this.columns = List.copyOf(columns);
        List<LoadColumn> load = new ArrayList<>();
        columns.forEach(column -> load.add(column.column()));
        if (taskInstance != null) {
            load.add(new LoadColumn(DatabaseExtract.TASK_INSTANCE, LoadType.of(LoadType.Kind.TEXT)));
        }
        this.loadColumns = List.copyOf(load);
        this.taskInstance = taskInstance;
        this.cancelled = cancelled;
        this.where = where;
    }

    @Override
    public List<LoadColumn> columns() {
        return loadColumns;
    }

    @Override
    public boolean next(Object[] row) {
        if ((rows & 1023) == 0 && cancelled.getAsBoolean()) {
            throw new SourceReadCancelled(where, rows);
        }
        try {
            if (!results.next()) {
                ended = true;
                return false;
            }
            int width = columns.size();
            for (int i = 0; i < width; i++) {
                row[i] = read(i + 1, columns.get(i));
            }
            if (taskInstance != null) {
                row[width] = taskInstance;
            }
            rows++;
            return true;
        } catch (SQLException e) {
            throw new SourceReadException(
                    "Reading " + where + " failed after " + rows + " rows: " + SourceFailures.message(e), e);
        }
    }

    /** Whether every row was read: the result set ended. */
    boolean ended() {
        return ended;
    }

    private Object read(int index, SourceColumn column) throws SQLException {
        Object value =
                switch (column.reading()) {
                    case BOOLEAN -> results.getBoolean(index);
                    case SHORT -> results.getShort(index);
                    case INT -> results.getInt(index);
                    case LONG -> results.getLong(index);
                    case DECIMAL -> results.getBigDecimal(index);
                    case FLOAT -> results.getFloat(index);
                    case DOUBLE -> results.getDouble(index);
                    case STRING -> results.getString(index);
                    case DATE -> results.getObject(index, LocalDate.class);
                    case TIME -> results.getObject(index, LocalTime.class);
                    case TIME_OF_DAY -> timeOfDay(index, column);
                    case TIMESTAMP -> results.getObject(index, LocalDateTime.class);
                    case TIMESTAMPTZ -> results.getObject(index, OffsetDateTime.class);
                    case UUID -> results.getObject(index, UUID.class);
                    case BYTES -> results.getBytes(index);
                    case ARRAY_AS_JSON -> arrayAsJson(results.getArray(index));
                    case TEXT_DATE -> text(index, column, true);
                    case TEXT_TIMESTAMP -> text(index, column, false);
                    case SQLITE_BOOLEAN -> sqliteBoolean(results.getObject(index));
                };
        return results.wasNull() ? null : value;
    }

    /** A MariaDB time, which the driver would wrap into one day (100:00:00 as 04:00): only a time of day is one. */
    private Object timeOfDay(int index, SourceColumn column) throws SQLException {
        String text = results.getString(index);
        if (text == null) {
            return null;
        }
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!ValueText.isTimeOfDay(bytes, 0, bytes.length)) {
            String message = "Column " + column.column().name() + " of " + where + " holds '" + text + "' in row "
                    + (rows + 1) + ", which " + ValueText.NOT_A_TIME_OF_DAY + "; cast it in the import_query";
            throw new SourceReadException(message, new SQLException(message, "22007"));
        }
        return LocalTime.parse(text);
    }

    private Object text(int index, SourceColumn column, boolean date) throws SQLException {
        String text = results.getString(index);
        if (text == null) {
            return null;
        }
        String normalized = text.strip().replace(' ', 'T');
        try {
            return date
                    ? LocalDate.parse(normalized)
                    : LocalDateTime.parse(normalized.length() == 10 ? normalized + "T00:00" : normalized);
        } catch (DateTimeParseException e) {
            throw new SourceReadException(
                    "Column " + column.column().name() + " of " + where + " is declared " + (date ? "DATE" : "DATETIME")
                            + " but holds '" + text + "' in row " + (rows + 1) + "; cast it in the import_query",
                    new SQLException(e.getMessage(), "22007", e));
        }
    }

    private static Object sqliteBoolean(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.longValue() != 0;
        }
        String text = value.toString().strip().toLowerCase(java.util.Locale.ROOT);
        return text.equals("1") || text.equals("true") || text.equals("t");
    }

    private static String arrayAsJson(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        return Json.write(array.getArray());
    }
}

package io.weir.extract.database;

import static io.weir.extract.database.ValueText.NOT_A_NUMBER;

import io.weir.extract.database.SourceColumn.Reading;
import io.weir.warehouse.WarehouseType;
import io.weir.warehouse.load.ColumnBatch;
import io.weir.warehouse.load.ColumnBatch.Carrier;
import io.weir.warehouse.load.ColumnarRows;
import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.LoadType;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.mariadb.jdbc.client.impl.StandardReadableByteBuf;
import org.mariadb.jdbc.client.result.Result;

/**
 * A MariaDB source query's rows for a DuckDB warehouse, taken in batches from the packets the server sent (its text
 * protocol: per field a length, then the text) without making an object of any value. Whole numbers, decimals of up to
 * 18 digits, dates and timestamps are read from their text into what DuckDB stores ({@link ValueText}); text and
 * bytes are copied; the few types whose text is not what they mean (bits) are read by the driver. A value DuckDB would
 * refuse (a date with a zero month or day or of no calendar day, a time outside one day, text that is not UTF-8) fails
 * here, naming the column and the row. Where the driver does not keep a row's packet where this looks
 * ({@link #packet}), the rows are read value by value through the driver instead ({@link JdbcRows}).
 */
final class MariaDbPacketRows implements ColumnarRows {
    /** The readings this takes from packets; a query with any other column is read value by value instead. */
    private static final Set<Reading> READS = Set.of(
            Reading.BOOLEAN,
            Reading.SHORT,
            Reading.INT,
            Reading.LONG,
            Reading.DECIMAL,
            Reading.FLOAT,
            Reading.DOUBLE,
            Reading.STRING,
            Reading.DATE,
            Reading.TIME_OF_DAY,
            Reading.TIMESTAMP,
            Reading.BYTES);

    /** The JDBC types whose text the server sends as characters of the connection's character set (UTF-8). */
    private static final Set<Integer> CHARACTER_TYPES = Set.of(
            Types.CHAR,
            Types.VARCHAR,
            Types.LONGVARCHAR,
            Types.NCHAR,
            Types.NVARCHAR,
            Types.LONGNVARCHAR,
            Types.CLOB,
            Types.NCLOB);

    /** The JDBC types whose values the server sends as their bytes. */
    private static final Set<Integer> BINARY_TYPES =
            Set.of(Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB);

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final int NULL_FIELD = 0xfb;

    /** How a column's value is taken from its field. */
    private enum Way {
        /** Digits, signs, points and exponents. */
        NUMBER,
        /** A date or timestamp; the zero date (all its digits zero) is null, as the driver reads it. */
        DATE,
        /** A time of day; MariaDB's times also span -838 to 838 hours, which DuckDB's do not. */
        TIME,
        /** Characters. */
        TEXT,
        /** Bytes. */
        BYTES,
        /** A boolean, read by the driver (a bit column's text is its bits). */
        DRIVER_BOOLEAN,
        /** A whole number, read by the driver (a bit column's text is its bits). */
        DRIVER_NUMBER,
        /** Any other value, read by the driver as a string. */
        DRIVER_TEXT
    }

    private final ResultSet results;
    /** The driver's buffer holding the current row's packet. */
    private final StandardReadableByteBuf packet;

    private final Way[] ways;
    private final String[] names;
    private final List<LoadColumn> loadColumns;
    /** How each column travels in a batch, the task instance's last. */
    private final Carrier[] carriers;
    /** Each column's type as DuckDB stores it. */
    private final LoadType[] stored;

    private final byte[] taskInstance;
    private final BooleanSupplier cancelled;
    private final String where;
    /** Where the field {@link #field} read last ends; -1 for NULL. */
    private int fieldEnd;

    private long rows;
    private boolean ended;

    /**
     * @param packet the driver's buffer of the current row's packet ({@link #packet(ResultSet)})
     * @param taskInstance the value of a last {@value DatabaseExtract#TASK_INSTANCE} column; null for none
     */
    MariaDbPacketRows(
            ResultSet results,
            StandardReadableByteBuf packet,
            List<SourceColumn> columns,
            BooleanSupplier cancelled,
            String where,
            String taskInstance)
            throws SQLException {
        this.results = results;
        this.packet = packet;
        ResultSetMetaData metaData = results.getMetaData();
        this.ways = new Way[columns.size()];
        this.names = columns.stream().map(column -> column.column().name()).toArray(String[]::new);
        for (int i = 0; i < ways.length; i++) {
            ways[i] = way(columns.get(i).reading(), metaData.getColumnType(i + 1));
        }
        this.loadColumns = CopyLines.loadColumns(columns, taskInstance);
        this.stored = ColumnarRows.storedInDuckDb(loadColumns);
        this.carriers = new Carrier[loadColumns.size()];
        for (int i = 0; i < carriers.length; i++) {
            carriers[i] = i < ways.length ? carrier(ways[i], columns.get(i).reading(), stored[i]) : Carrier.TEXT;
        }
        this.taskInstance = taskInstance == null ? null : taskInstance.getBytes(StandardCharsets.UTF_8);
        this.cancelled = cancelled;
        this.where = where;
    }

    /** Whether every one of {@code columns} is taken from packets. */
    static boolean reads(List<SourceColumn> columns) {
        return columns.stream().allMatch(column -> READS.contains(column.reading()));
    }

    /**
     * The buffer MariaDB's driver keeps the current row's packet in, or null when this driver does not have one where
     * expected; the rows are then read value by value through the driver, more slowly but the same.
     */
    static StandardReadableByteBuf packet(ResultSet results) {
        try {
            if (!results.isWrapperFor(Result.class)) {
                return null;
            }
            Field field = Result.class.getDeclaredField("rowBuf");
            field.setAccessible(true);
            return field.get(results.unwrap(Result.class)) instanceof StandardReadableByteBuf buffer ? buffer : null;
        } catch (ReflectiveOperationException | SQLException | RuntimeException e) {
            return null;
        }
    }

    private static Way way(Reading reading, int jdbcType) {
        if (jdbcType == Types.BIT || jdbcType == Types.BOOLEAN) {
            return reading == Reading.BOOLEAN ? Way.DRIVER_BOOLEAN : Way.DRIVER_NUMBER;
        }
        return switch (reading) {
            case BOOLEAN -> Way.DRIVER_BOOLEAN;
            case SHORT, INT, LONG, DECIMAL, FLOAT, DOUBLE -> Way.NUMBER;
            case TIME, TIME_OF_DAY -> Way.TIME;
            case DATE, TIMESTAMP -> Way.DATE;
            case BYTES -> BINARY_TYPES.contains(jdbcType) ? Way.BYTES : Way.DRIVER_TEXT;
            default -> CHARACTER_TYPES.contains(jdbcType) ? Way.TEXT : Way.DRIVER_TEXT;
        };
    }

    /** How a column read {@code way} travels in a batch, to be stored as {@code stored}. */
    private static Carrier carrier(Way way, Reading reading, LoadType stored) {
        boolean whole = stored.kind() == LoadType.Kind.SMALLINT
                || stored.kind() == LoadType.Kind.INTEGER
                || stored.kind() == LoadType.Kind.BIGINT;
        return switch (way) {
            case NUMBER -> {
                if (whole && (reading == Reading.SHORT || reading == Reading.INT || reading == Reading.LONG)) {
                    yield Carrier.LONG;
                }
                yield reading == Reading.DECIMAL && ColumnarRows.fitsLong(stored) ? Carrier.DECIMAL : Carrier.TEXT;
            }
            case DATE -> switch (stored.kind()) {
                case DATE -> Carrier.DATE;
                case TIMESTAMP -> Carrier.TIMESTAMP;
                default -> Carrier.TEXT;
            };
            case BYTES -> Carrier.BYTES;
            case DRIVER_BOOLEAN -> stored.kind() == LoadType.Kind.BOOLEAN ? Carrier.BOOLEAN : Carrier.TEXT;
            case DRIVER_NUMBER -> whole ? Carrier.LONG : Carrier.TEXT;
            case TIME, TEXT, DRIVER_TEXT -> Carrier.TEXT;
        };
    }

    @Override
    public List<LoadColumn> columns() {
        return loadColumns;
    }

    @Override
    public List<Carrier> carriers() {
        return List.of(carriers);
    }

    /** Whether every row was read: the result set ended. */
    boolean ended() {
        return ended;
    }

    @Override
    public int nextBatch(ColumnBatch batch) {
        int row = 0;
        long bytes = 0;
        try {
            while (row < batch.capacity() && bytes < batch.byteBudget()) {
                if ((rows & 1023) == 0 && cancelled.getAsBoolean()) {
                    throw new SourceReadCancelled(where, rows);
                }
                if (!results.next()) {
                    ended = true;
                    break;
                }
                bytes += fill(batch, row, packet.buf);
                if (taskInstance != null) {
                    batch.setText(ways.length, row, taskInstance, 0, taskInstance.length);
                }
                row++;
                rows++;
            }
        } catch (SQLException e) {
            throw new SourceReadException(
                    "Reading " + where + " failed after " + rows + " rows: " + SourceFailures.message(e), e);
        }
        batch.countBytes(bytes);
        return row;
    }

    /** Row {@code row} of {@code batch} from the current row's packet; returns the size of its values. */
    private long fill(ColumnBatch batch, int row, byte[] packet) throws SQLException {
        int position = 0;
        for (int i = 0; i < ways.length; i++) {
            int start = field(packet, position);
            if (fieldEnd < 0) {
                position = start;
                continue;
            }
            int end = fieldEnd;
            position = end;
            switch (ways[i]) {
                case DRIVER_BOOLEAN -> driverBoolean(batch, i, row);
                case DRIVER_NUMBER -> driverNumber(batch, i, row);
                case DRIVER_TEXT -> driverText(batch, i, row);
                default -> value(batch, i, row, packet, start, end);
            }
        }
        return position + ways.length;
    }

    /**
     * Reads the length of the field at {@code position} of a packet, as the protocol encodes it (one byte below 251,
     * else a mark and two, three or eight bytes; 251 is NULL): returns where the field's text starts and sets
     * {@link #fieldEnd} to where it ends, or to -1 for NULL.
     */
    private int field(byte[] row, int position) {
        int first = row[position++] & 0xff;
        if (first == NULL_FIELD) {
            fieldEnd = -1;
            return position;
        }
        long size;
        if (first < NULL_FIELD) {
            size = first;
        } else if (first == 0xfc) {
            size = (row[position] & 0xff) | (row[position + 1] & 0xff) << 8;
            position += 2;
        } else if (first == 0xfd) {
            size = (row[position] & 0xff) | (row[position + 1] & 0xff) << 8 | (row[position + 2] & 0xff) << 16;
            position += 3;
        } else {
            size = 0;
            for (int b = 7; b >= 0; b--) {
                size = size << 8 | (row[position + b] & 0xff);
            }
            position += 8;
        }
        fieldEnd = Math.toIntExact(position + size);
        return position;
    }

    /** The value of column {@code column} as the server wrote it, {@code bytes} from {@code start} to {@code end}. */
    private void value(ColumnBatch batch, int column, int row, byte[] bytes, int start, int end) {
        Way way = ways[column];
        long micros = 0;
        if (way == Way.DATE) {
            micros = dateMicros(column, bytes, start, end);
            if (micros == ZERO_DATE) {
                return;
            }
        } else if (way == Way.TIME && !ValueText.isTimeOfDay(bytes, start, end)) {
            throw refused(column, bytes, start, end, ValueText.NOT_A_TIME_OF_DAY);
        }
        switch (carriers[column]) {
            case LONG -> {
                long value = ValueText.wholeNumber(bytes, start, end);
                if (value == NOT_A_NUMBER && !ValueText.isLongMin(bytes, start, end)) {
                    throw refused(column, bytes, start, end, "is not a whole number of 64 bits");
                }
                batch.setLong(column, row, value);
            }
            case DECIMAL -> {
                LoadType type = stored[column];
                long unscaled = ValueText.unscaled(bytes, start, end, type.scale(), type.precision());
                if (unscaled == NOT_A_NUMBER) {
                    throw refused(column, bytes, start, end, "does not fit " + type.sql(WarehouseType.DUCKDB));
                }
                batch.setUnscaled(column, row, unscaled);
            }
            case DATE -> batch.setEpochDay(column, row, (int) Math.floorDiv(micros, ValueText.MICROS_PER_DAY));
            case TIMESTAMP -> batch.setMicros(column, row, micros);
            case BYTES -> batch.setBytes(column, row, bytes, start, end);
            case TEXT -> {
                if (ColumnBatch.isUtf8(bytes, start, end)) {
                    batch.setText(column, row, bytes, start, end);
                } else {
                    String message = "Column " + names[column] + " of " + where + " holds text that is not UTF-8 in"
                            + " row " + (rows + 1) + "; convert it in the import_query, or cast it to binary to load"
                            + " its bytes";
                    throw new SourceReadException(message, new SQLException(message, "22021"));
                }
            }
            default -> throw new IllegalStateException(
                    "column " + names[column] + " travels as " + carriers[column] + ", which a packet's text is not");
        }
    }

    /** What {@link #dateMicros} gives for the server's zero date, which stands for no date. */
    private static final long ZERO_DATE = NOT_A_NUMBER;

    /**
     * A date or timestamp as microseconds since 1970, or {@link #ZERO_DATE}; one DuckDB has no such date for (a zero
     * month or day, which a lax {@code sql_mode} lets MariaDB keep, or a day the calendar does not have) fails naming
     * the column and the row.
     */
    private long dateMicros(int column, byte[] bytes, int start, int end) {
        if (ValueText.allZero(bytes, start, end)) {
            return ZERO_DATE;
        }
        if (end - start >= 10 && (ValueText.zeroPair(bytes, start + 5) || ValueText.zeroPair(bytes, start + 8))) {
            throw refused(column, bytes, start, end, "has a zero month or day");
        }
        long micros = ValueText.micros(bytes, start, end);
        if (micros == NOT_A_NUMBER) {
            throw refused(column, bytes, start, end, "is not a valid date");
        }
        return micros;
    }

    private SourceReadException refused(int column, byte[] bytes, int start, int end, String why) {
        String value = new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        String message = "Column " + names[column] + " of " + where + " holds '" + value + "' in row " + (rows + 1)
                + ", which " + why + "; cast it in the import_query";
        return new SourceReadException(message, new SQLException(message, "22007"));
    }

    private void driverBoolean(ColumnBatch batch, int column, int row) throws SQLException {
        boolean value = results.getBoolean(column + 1);
        if (results.wasNull()) {
            return;
        }
        if (carriers[column] == Carrier.BOOLEAN) {
            batch.setBoolean(column, row, value);
        } else {
            byte[] text = value ? TRUE : FALSE;
            batch.setText(column, row, text, 0, text.length);
        }
    }

    private void driverNumber(ColumnBatch batch, int column, int row) throws SQLException {
        long value = results.getLong(column + 1);
        if (results.wasNull()) {
            return;
        }
        if (carriers[column] == Carrier.LONG) {
            batch.setLong(column, row, value);
        } else {
            byte[] text = Long.toString(value).getBytes(StandardCharsets.ISO_8859_1);
            batch.setText(column, row, text, 0, text.length);
        }
    }

    private void driverText(ColumnBatch batch, int column, int row) throws SQLException {
        String value = results.getString(column + 1);
        if (value != null) {
            byte[] text = value.getBytes(StandardCharsets.UTF_8);
            batch.setText(column, row, text, 0, text.length);
        }
    }
}

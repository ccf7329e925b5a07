package io.weir.extract.database;

import io.weir.extract.database.SourceColumn.Reading;
import io.weir.warehouse.WarehouseType;
import io.weir.warehouse.load.ColumnBatch;
import io.weir.warehouse.load.ColumnBatch.Carrier;
import io.weir.warehouse.load.ColumnarRows;
import io.weir.warehouse.load.CopyCsvRows;
import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.LoadType;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.mariadb.jdbc.client.impl.StandardReadableByteBuf;
import org.mariadb.jdbc.client.result.Result;

/**
 * A MariaDB source query's rows written as CSV lines for a DuckDB warehouse, which loads them with its own CSV reader.
 * Values travel as the text the server sent: numbers, dates, times and timestamps as their digits, text as its UTF-8
 * bytes (quoted where CSV needs it), booleans as {@code true}/{@code false} and bytes as {@code \x} and hex digits, as
 * a PostgreSQL source writes bytea. A value DuckDB would refuse (a date with a zero month or day, a time outside one
 * day) fails here, naming the column and the row. No value becomes a Java object on its way: each row's fields are taken from the
 * packet the server sent, whose layout (a length, then the text, per field) is the protocol's. Where the driver does
 * not give its packet, and for the few types whose text is not what they mean (bits), the driver reads the values.
 */
final class JdbcCsvRows implements ColumnarRows, CopyCsvRows {
    /** The readings whose values this writes; a query with any other column is read value by value instead. */
    private static final Set<Reading> WRITES = Set.of(
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

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final int NULL_FIELD = 0xfb;
    static final String NOT_A_TIME_OF_DAY = "is not a time of day (00:00:00 to 23:59:59)";
    private static final int INITIAL_LINE = 256;
    /** A line buffer grown past this for one long row goes back to its first size afterwards. */
    private static final int KEPT_LINE = 1 << 20;
    /** The longest line a row may become: Java's longest array, less some room. */
    private static final long MAX_LINE = Integer.MAX_VALUE - 64;

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long COMMAS = 0x2c2c2c2c2c2c2c2cL;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final long RETURNS = 0x0d0d0d0d0d0d0d0dL;

    /** How a column's value gets into the line. */
    private enum Way {
        /** Digits, signs, points and exponents, copied. */
        NUMBER,
        /** A date or timestamp, copied; the zero date (all its digits zero) is null, as the driver reads it. */
        DATE,
        /** A time of day, copied; MariaDB's times also span -838 to 838 hours, which DuckDB's do not. */
        TIME,
        /** Characters, copied and quoted where CSV needs it. */
        TEXT,
        /** Bytes, as hex digits. */
        BYTES,
        /** A boolean, read by the driver (a bit column's text is its bits). */
        DRIVER_BOOLEAN,
        /** A whole number, read by the driver (a bit column's text is its bits). */
        DRIVER_NUMBER,
        /** Any other value, read by the driver as a string and written as text. */
        DRIVER_TEXT
    }

    private final ResultSet results;
    private final Way[] ways;
    private final String[] names;
    /** The driver's buffer holding the current row's packet, or null to read every value through the driver. */
    private final StandardReadableByteBuf packet;

    private final List<LoadColumn> loadColumns;
    /** How each column travels in a batch, the task instance's last. */
    private final Carrier[] carriers;
    /** The scale of each column travelling as a decimal. */
    private final int[] scales;
    /** The precision of each column travelling as a decimal. */
    private final int[] precisions;

    private final byte[] taskInstanceField;
    private final byte[] taskInstance;
    private final BooleanSupplier cancelled;
    private final String where;
    private byte[] line = new byte[INITIAL_LINE];
    /** Where the field {@link #field} read last ends; -1 for NULL. */
    private int fieldEnd;

    private int length;
    private long rows;
    private boolean ended;

    /**
     * @param taskInstance the value of a last {@value DatabaseExtract#TASK_INSTANCE} column; null for none
     * @param fromPackets whether to take the rows from the server's packets where the driver gives them
     */
    JdbcCsvRows(
            ResultSet results,
            List<SourceColumn> columns,
            BooleanSupplier cancelled,
            String where,
            String taskInstance,
            boolean fromPackets)
            throws SQLException {
        this.results = results;
        ResultSetMetaData metaData = results.getMetaData();
        this.ways = new Way[columns.size()];
        this.names = columns.stream().map(column -> column.column().name()).toArray(String[]::new);
        for (int i = 0; i < ways.length; i++) {
            ways[i] = way(columns.get(i).reading(), metaData.getColumnType(i + 1));
        }
        this.packet = fromPackets ? packet(results) : null;
        this.loadColumns = CopyLines.loadColumns(columns, taskInstance);
        this.carriers = new Carrier[loadColumns.size()];
        this.scales = new int[loadColumns.size()];
        this.precisions = new int[loadColumns.size()];
        for (int i = 0; i < carriers.length; i++) {
            LoadType stored = loadColumns.get(i).type().in(WarehouseType.DUCKDB);
            carriers[i] = i < ways.length ? carrier(ways[i], columns.get(i).reading(), stored) : Carrier.TEXT;
            scales[i] = stored.scale();
            precisions[i] = stored.precision();
        }
        this.taskInstance = taskInstance == null ? null : taskInstance.getBytes(StandardCharsets.UTF_8);
        this.taskInstanceField = taskInstance == null
                ? null
                : (",\"" + taskInstance.replace("\"", "\"\"") + "\"").getBytes(StandardCharsets.UTF_8);
        this.cancelled = cancelled;
        this.where = where;
    }

    /** How a column read {@code way} travels in a batch, to be stored as {@code stored}. */
    static Carrier carrier(Way way, Reading reading, LoadType stored) {
        boolean whole = stored.kind() == LoadType.Kind.SMALLINT
                || stored.kind() == LoadType.Kind.INTEGER
                || stored.kind() == LoadType.Kind.BIGINT;
        return switch (way) {
            case NUMBER -> {
                if (whole && (reading == Reading.SHORT || reading == Reading.INT || reading == Reading.LONG)) {
                    yield Carrier.LONG;
                }
                yield reading == Reading.DECIMAL
                                && stored.kind() == LoadType.Kind.DECIMAL
                                && stored.precision() > 0
                                && stored.precision() <= MAX_LONG_DIGITS
                        ? Carrier.DECIMAL
                        : Carrier.TEXT;
            }
            case DATE -> switch (stored.kind()) {
                case DATE -> Carrier.DATE;
                case TIMESTAMP -> Carrier.TIMESTAMP;
                default -> Carrier.TEXT;
            };
            case BYTES -> stored.kind() == LoadType.Kind.BYTES ? Carrier.BYTES : Carrier.TEXT;
            case DRIVER_BOOLEAN -> stored.kind() == LoadType.Kind.BOOLEAN ? Carrier.BOOLEAN : Carrier.TEXT;
            case DRIVER_NUMBER -> whole ? Carrier.LONG : Carrier.TEXT;
            case TIME, TEXT, DRIVER_TEXT -> Carrier.TEXT;
        };
    }

    /** Whether every one of {@code columns} can travel as CSV. */
    static boolean writes(List<SourceColumn> columns) {
        return columns.stream().allMatch(column -> WRITES.contains(column.reading()));
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

    @Override
    public boolean next(Object[] row) {
        return CopyCsvRows.super.next(row);
    }

    @Override
    public List<Carrier> carriers() {
        return List.of(carriers);
    }

    /** Batches are filled from the server's packets; rows read value by value go as CSV. */
    @Override
    public boolean offersBatches() {
        return packet != null;
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
                bytes += batchPacket(batch, row, packet.buf);
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

    /** A row from its text-protocol packet into row {@code row} of {@code batch}; returns the size of its values. */
    private long batchPacket(ColumnBatch batch, int row, byte[] packet) throws SQLException {
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
                case DRIVER_BOOLEAN -> batchDriverBoolean(batch, i, row);
                case DRIVER_NUMBER -> batchDriverNumber(batch, i, row);
                case DRIVER_TEXT -> batchDriverText(batch, i, row);
                default -> batchValue(batch, i, row, packet, start, end);
            }
        }
        return position + ways.length;
    }

    /** The value of column {@code column} as the server wrote it into row {@code row} of {@code batch}. */
    private void batchValue(ColumnBatch batch, int column, int row, byte[] bytes, int start, int end) {
        Way way = ways[column];
        if (way == Way.DATE) {
            if (allZero(bytes, start, end)) {
                return;
            }
            if (end - start >= 10 && (zeroPair(bytes, start + 5) || zeroPair(bytes, start + 8))) {
                throw refused(column, bytes, start, end, "has a zero month or day");
            }
        } else if (way == Way.TIME && !isTimeOfDay(bytes, start, end)) {
            throw refused(column, bytes, start, end, NOT_A_TIME_OF_DAY);
        }
        switch (carriers[column]) {
            case LONG -> {
                long value = wholeNumber(bytes, start, end);
                if (value == NOT_A_NUMBER && !isLongMin(bytes, start, end)) {
                    throw refused(column, bytes, start, end, "is not a whole number of 64 bits");
                }
                batch.setLong(column, row, value);
            }
            case DECIMAL -> {
                long unscaled = unscaled(bytes, start, end, scales[column], precisions[column]);
                if (unscaled == NOT_A_NUMBER) {
                    throw refused(
                            column,
                            bytes,
                            start,
                            end,
                            "does not fit decimal(" + precisions[column] + "," + scales[column] + ")");
                }
                batch.setUnscaled(column, row, unscaled);
            }
            case DATE -> {
                long micros = micros(bytes, start, end);
                if (micros == NOT_A_NUMBER || Math.floorMod(micros, MICROS_PER_DAY) != 0) {
                    throw refused(column, bytes, start, end, "is not a valid date");
                }
                batch.setEpochDay(column, row, (int) Math.floorDiv(micros, MICROS_PER_DAY));
            }
            case TIMESTAMP -> {
                long micros = micros(bytes, start, end);
                if (micros == NOT_A_NUMBER) {
                    throw refused(column, bytes, start, end, "is not a valid date and time");
                }
                batch.setMicros(column, row, micros);
            }
            case BYTES -> batch.setBytes(column, row, bytes, start, end);
            case TEXT -> {
                if (way == Way.BYTES) {
                    length = 0;
                    hex(bytes, start, end);
                    batch.setText(column, row, line, 0, length);
                } else {
                    if (!ColumnBatch.isUtf8(bytes, start, end)) {
                        throw refusedText(column);
                    }
                    batch.setText(column, row, bytes, start, end);
                }
            }
            default -> throw new IllegalStateException(
                    "column " + names[column] + " travels as " + carriers[column] + ", which a packet's text is not");
        }
    }

    private void batchDriverBoolean(ColumnBatch batch, int column, int row) throws SQLException {
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

    private void batchDriverNumber(ColumnBatch batch, int column, int row) throws SQLException {
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

    private void batchDriverText(ColumnBatch batch, int column, int row) throws SQLException {
        String value = results.getString(column + 1);
        if (value != null) {
            byte[] text = value.getBytes(StandardCharsets.UTF_8);
            batch.setText(column, row, text, 0, text.length);
        }
    }

    /** What {@link #wholeNumber}, {@link #unscaled} and {@link #micros} give for text they cannot read. */
    static final long NOT_A_NUMBER = Long.MIN_VALUE;

    private static final int MAX_LONG_DIGITS = 18;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    /** A whole number's digits, with an optional sign; {@link #NOT_A_NUMBER} when not one or beyond 64 bits. */
    static long wholeNumber(byte[] text, int start, int end) {
        int i = start;
        boolean negative = false;
        if (i < end && (text[i] == '-' || text[i] == '+')) {
            negative = text[i++] == '-';
        }
        if (i == end) {
            return NOT_A_NUMBER;
        }
        // Leading zeros, as a zerofill column has them, do not count towards the nineteen digits a long holds.
        while (i < end - 1 && text[i] == '0') {
            i++;
        }
        if (end - i > 19) {
            return NOT_A_NUMBER;
        }
        // Eighteen digits cannot overflow; a nineteenth is checked once, at the end.
        int safeEnd = Math.min(end, i + 18);
        long value = 0;
        for (; i < safeEnd; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                return NOT_A_NUMBER;
            }
            value = value * 10 + digit;
        }
        if (i < end) {
            int digit = text[i] - '0';
            long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
            // As a negative number: -value * 10 - digit must not pass the limit.
            if (digit < 0 || digit > 9 || -value < (limit + digit) / 10) {
                return NOT_A_NUMBER;
            }
            return negative ? -value * 10 - digit : value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /** Whether {@code text} is -2^63, the one whole number {@link #wholeNumber} gives as {@link #NOT_A_NUMBER}. */
    static boolean isLongMin(byte[] text, int start, int end) {
        try {
            return Long.parseLong(new String(text, start, end - start, StandardCharsets.ISO_8859_1)) == Long.MIN_VALUE;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * A decimal's text as its whole number of units of {@code 10^-scale}, rounded half away from zero where it has
     * more decimals, as DuckDB casts text; {@link #NOT_A_NUMBER} when not a decimal or of more than {@code precision}
     * digits.
     */
    static long unscaled(byte[] text, int start, int end, int scale, int precision) {
        int i = start;
        boolean negative = false;
        if (i < end && (text[i] == '-' || text[i] == '+')) {
            negative = text[i++] == '-';
        }
        long value = 0;
        int decimals = -1; // before the point
        boolean any = false;
        boolean roundUp = false;
        for (; i < end; i++) {
            byte b = text[i];
            if (b == '.' && decimals < 0) {
                decimals = 0;
                continue;
            }
            int digit = b - '0';
            if (digit < 0 || digit > 9) {
                return NOT_A_NUMBER;
            }
            any = true;
            if (decimals >= scale) {
                // Past the scale: only the first such digit decides the rounding.
                roundUp |= decimals == scale && digit >= 5;
                decimals++;
                continue;
            }
            if (decimals >= 0) {
                decimals++;
            }
            if (value >= TENS[MAX_LONG_DIGITS - 1]) {
                return NOT_A_NUMBER;
            }
            value = value * 10 + digit;
        }
        if (!any) {
            return NOT_A_NUMBER;
        }
        for (int d = Math.max(decimals, 0); d < scale; d++) {
            if (value >= TENS[MAX_LONG_DIGITS - 1]) {
                return NOT_A_NUMBER;
            }
            value *= 10;
        }
        if (roundUp) {
            value++;
        }
        if (value >= TENS[precision]) {
            return NOT_A_NUMBER;
        }
        return negative ? -value : value;
    }

    private static final long[] TENS = new long[MAX_LONG_DIGITS + 1];

    static {
        TENS[0] = 1;
        for (int i = 1; i < TENS.length; i++) {
            TENS[i] = TENS[i - 1] * 10;
        }
    }

    /**
     * A date ({@code YYYY-MM-DD}) or date and time ({@code YYYY-MM-DD HH:MM:SS}, with up to six decimals of a second),
     * as microseconds since 1970-01-01 00:00; {@link #NOT_A_NUMBER} when not a valid one.
     */
    static long micros(byte[] text, int start, int end) {
        int length = end - start;
        if (length != 10 && length < 19 || text[start + 4] != '-' || text[start + 7] != '-') {
            return NOT_A_NUMBER;
        }
        int year = number(text, start, 4);
        int month = number(text, start + 5, 2);
        int day = number(text, start + 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
            return NOT_A_NUMBER;
        }
        long micros = epochDay(year, month, day) * MICROS_PER_DAY;
        if (length == 10) {
            return micros;
        }
        if (text[start + 10] != ' ' || text[start + 13] != ':' || text[start + 16] != ':') {
            return NOT_A_NUMBER;
        }
        int hour = number(text, start + 11, 2);
        int minute = number(text, start + 14, 2);
        int second = number(text, start + 17, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_A_NUMBER;
        }
        micros += ((hour * 60L + minute) * 60 + second) * 1_000_000;
        if (length == 19) {
            return micros;
        }
        int decimals = length - 20;
        if (text[start + 19] != '.' || decimals < 1 || decimals > 6) {
            return NOT_A_NUMBER;
        }
        int fraction = number(text, start + 20, decimals);
        if (fraction < 0) {
            return NOT_A_NUMBER;
        }
        return micros + fraction * TENS[6 - decimals];
    }

    /** The number written by {@code count} digits at {@code at}, or -1 when one is not a digit. */
    private static int number(byte[] text, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a date of the proleptic Gregorian calendar (year 0 is 1 BC), as DuckDB counts them. */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** Whether every row was read: the result set ended. */
    boolean ended() {
        return ended;
    }

    /** Whether the rows are taken from the server's packets rather than value by value. */
    boolean readsPackets() {
        return packet != null;
    }

    @Override
    public List<LoadColumn> columns() {
        return loadColumns;
    }

    @Override
    public boolean postgresDates() {
        return false;
    }

    @Override
    public Chunk nextChunk(OutputStream out, long bytes) throws IOException {
        long written = 0;
        long count = 0;
        int longest = 0;
        try {
            while (written < bytes) {
                if ((rows & 1023) == 0 && cancelled.getAsBoolean()) {
                    throw new SourceReadCancelled(where, rows);
                }
                if (!results.next()) {
                    ended = true;
                    break;
                }
                length = 0;
                if (packet != null) {
                    writePacket(packet.buf);
                } else {
                    writeValues();
                }
                if (taskInstanceField != null) {
                    put(taskInstanceField);
                }
                put((byte) '\n');
                out.write(line, 0, length);
                written += length;
                longest = Math.max(longest, length);
                count++;
                rows++;
                if (line.length > KEPT_LINE) {
                    line = new byte[INITIAL_LINE];
                }
            }
        } catch (SQLException e) {
            throw new SourceReadException(
                    "Reading " + where + " failed after " + rows + " rows: " + SourceFailures.message(e), e);
        }
        return new Chunk(count, written, longest);
    }

    /** A row from its text-protocol packet: per field a length-encoded size (or the null mark), then the text. */
    private void writePacket(byte[] row) throws SQLException {
        int position = 0;
        for (int i = 0; i < ways.length; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            int start = field(row, position);
            if (fieldEnd < 0) {
                position = start;
                continue;
            }
            int end = fieldEnd;
            position = end;
            switch (ways[i]) {
                case DRIVER_BOOLEAN -> driverBoolean(i + 1);
                case DRIVER_NUMBER -> driverNumber(i + 1);
                case DRIVER_TEXT -> driverText(i + 1);
                default -> value(i, row, start, end);
            }
        }
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

    /** A row value by value, through the driver's getters. */
    private void writeValues() throws SQLException {
        for (int i = 0; i < ways.length; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            int index = i + 1;
            switch (ways[i]) {
                case NUMBER, DATE, TIME -> {
                    String value = results.getString(index);
                    if (value != null) {
                        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
                        value(i, bytes, 0, bytes.length);
                    }
                }
                case BYTES -> {
                    byte[] value = results.getBytes(index);
                    if (value != null) {
                        hex(value, 0, value.length);
                    }
                }
                case TEXT, DRIVER_TEXT -> driverText(index);
                case DRIVER_BOOLEAN -> driverBoolean(index);
                case DRIVER_NUMBER -> driverNumber(index);
            }
        }
    }

    /** The value of column {@code column} as the server wrote it: {@code bytes} from {@code start} to {@code end}. */
    private void value(int column, byte[] bytes, int start, int end) {
        switch (ways[column]) {
            case NUMBER -> put(bytes, start, end);
            case DATE -> {
                if (allZero(bytes, start, end)) {
                    return;
                }
                if (end - start >= 10 && (zeroPair(bytes, start + 5) || zeroPair(bytes, start + 8))) {
                    throw refused(column, bytes, start, end, "has a zero month or day");
                }
                if (micros(bytes, start, end) == NOT_A_NUMBER) {
                    throw refused(column, bytes, start, end, "is not a valid date");
                }
                put(bytes, start, end);
            }
            case TIME -> {
                if (!isTimeOfDay(bytes, start, end)) {
                    throw refused(column, bytes, start, end, NOT_A_TIME_OF_DAY);
                }
                put(bytes, start, end);
            }
            case TEXT -> text(bytes, start, end);
            case BYTES -> hex(bytes, start, end);
            default -> throw new IllegalStateException("column " + names[column] + " is read by the driver");
        }
    }

    private SourceReadException refusedText(int column) {
        String message = "Column " + names[column] + " of " + where + " holds text that is not UTF-8 in row "
                + (rows + 1) + "; convert it in the import_query, or cast it to binary to load its bytes";
        return new SourceReadException(message, new SQLException(message, "22021"));
    }

    private SourceReadException refused(int column, byte[] bytes, int start, int end, String why) {
        String value = new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        String message = "Column " + names[column] + " of " + where + " holds '" + value + "' in row " + (rows + 1)
                + ", which " + why + "; cast it in the import_query";
        return new SourceReadException(message, new SQLException(message, "22007"));
    }

    private void driverBoolean(int index) throws SQLException {
        boolean value = results.getBoolean(index);
        if (!results.wasNull()) {
            put(value ? TRUE : FALSE);
        }
    }

    private void driverNumber(int index) throws SQLException {
        long value = results.getLong(index);
        if (!results.wasNull()) {
            put(Long.toString(value).getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private void driverText(int index) throws SQLException {
        String value = results.getString(index);
        if (value != null) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            text(bytes, 0, bytes.length);
        }
    }

    /** Whether a date or timestamp has no digit but zero: the server's zero date, which stands for no date. */
    private static boolean allZero(byte[] value, int start, int end) {
        for (int i = start; i < end; i++) {
            if (value[i] >= '1' && value[i] <= '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean zeroPair(byte[] value, int at) {
        return value[at] == '0' && value[at + 1] == '0';
    }

    /** Whether a time is {@code HH:MM:SS} with hours from 00 to 23, as DuckDB's time holds it. */
    static boolean isTimeOfDay(byte[] value, int start, int end) {
        if (end - start < 8 || value[start + 2] != ':') {
            return false;
        }
        byte tens = value[start];
        byte units = value[start + 1];
        return tens >= '0' && tens <= '1' && units >= '0' && units <= '9'
                || tens == '2' && units >= '0' && units <= '3';
    }

    /** Text as CSV: quoted when it holds a separator, a quote or a line break, and when empty (an empty field is null). */
    private void text(byte[] value, int start, int end) {
        if (start < end && !needsQuotes(value, start, end)) {
            put(value, start, end);
            return;
        }
        room(2L * (end - start) + 2);
        line[length++] = '"';
        for (int i = start; i < end; i++) {
            byte b = value[i];
            if (b == '"') {
                line[length++] = '"';
            }
            line[length++] = b;
        }
        line[length++] = '"';
    }

    /**
     * Whether {@code value} holds a comma, a quote or a line break. Eight bytes are looked at a time: most text holds
     * none, and this is the one loop over every byte of a row.
     */
    static boolean needsQuotes(byte[] value, int start, int end) {
        int i = start;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long word = (long) WORDS.get(value, i);
            if (holds(word, COMMAS) | holds(word, QUOTES) | holds(word, NEWLINES) | holds(word, RETURNS)) {
                return true;
            }
        }
        for (; i < end; i++) {
            byte b = value[i];
            if (b == ',' || b == '"' || b == '\n' || b == '\r') {
                return true;
            }
        }
        return false;
    }

    /** Whether one of the eight bytes of {@code word} is the byte {@code repeated} holds eight times. */
    private static boolean holds(long word, long repeated) {
        long x = word ^ repeated;
        return ((x - 0x0101010101010101L) & ~x & 0x8080808080808080L) != 0;
    }

    private void hex(byte[] value, int start, int end) {
        room(2L * (end - start) + 2);
        line[length++] = '\\';
        line[length++] = 'x';
        for (int i = start; i < end; i++) {
            byte b = value[i];
            line[length++] = HEX[(b >> 4) & 0xf];
            line[length++] = HEX[b & 0xf];
        }
    }

    private void put(byte b) {
        room(1);
        line[length++] = b;
    }

    private void put(byte[] bytes) {
        put(bytes, 0, bytes.length);
    }

    private void put(byte[] bytes, int start, int end) {
        int size = end - start;
        room(size);
        System.arraycopy(bytes, start, line, length, size);
        length += size;
    }

    private void room(long more) {
        long needed = length + more;
        if (needed > line.length) {
            if (needed > MAX_LINE) {
                String message = "Row " + (rows + 1) + " of " + where + " is " + needed
                        + " bytes or more as a CSV line, more than one line can hold; leave its largest values out of"
                        + " the import_query or cut them there";
                throw new SourceReadException(message, new SQLException(message, "22001"));
            }
            line = Arrays.copyOf(line, (int) Math.min(MAX_LINE, Math.max(2L * line.length, needed)));
        }
    }
}

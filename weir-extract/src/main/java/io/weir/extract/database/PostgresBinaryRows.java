package io.weir.extract.database;

import io.weir.warehouse.WarehouseType;
import io.weir.warehouse.load.ColumnBatch;
import io.weir.warehouse.load.ColumnBatch.Carrier;
import io.weir.warehouse.load.ColumnarRows;
import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.LoadType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * A PostgreSQL source query's rows read by {@code COPY (query) TO STDOUT (FORMAT binary)} for a DuckDB warehouse, which
 * takes them as Arrow batches. The server sends each value as it holds it (numbers as their bytes, dates and
 * timestamps as counts since 2000), which costs it less than writing text, and Weir sets them into batches without
 * reading any text but numerics'. Only queries whose every column is of a type read here come this way; the others
 * are read as CSV ({@link PostgresCsvRows}).
 */
final class PostgresBinaryRows implements ColumnarRows, AutoCloseable {
    /** How a value of each PostgreSQL type read here is laid out in binary COPY. */
    private enum Format {
        BOOL,
        INT2,
        INT4,
        INT8,
        NUMERIC,
        FLOAT4,
        FLOAT8,
        TEXT,
        JSONB,
        UUID,
        BYTES,
        DATE,
        TIME,
        TIMESTAMP
    }

    private static final Map<String, Format> FORMATS = Map.ofEntries(
            Map.entry("bool", Format.BOOL),
            Map.entry("int2", Format.INT2),
            Map.entry("int4", Format.INT4),
            Map.entry("serial", Format.INT4),
            Map.entry("int8", Format.INT8),
            Map.entry("bigserial", Format.INT8),
            Map.entry("numeric", Format.NUMERIC),
            Map.entry("float4", Format.FLOAT4),
            Map.entry("float8", Format.FLOAT8),
            Map.entry("text", Format.TEXT),
            Map.entry("varchar", Format.TEXT),
            Map.entry("bpchar", Format.TEXT),
            Map.entry("name", Format.TEXT),
            Map.entry("json", Format.TEXT),
            Map.entry("jsonb", Format.JSONB),
            Map.entry("uuid", Format.UUID),
            Map.entry("bytea", Format.BYTES),
            Map.entry("date", Format.DATE),
            Map.entry("time", Format.TIME),
            Map.entry("timestamp", Format.TIMESTAMP),
            Map.entry("timestamptz", Format.TIMESTAMP));

    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    /** Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch. */
    private static final int EPOCH_DAYS = 10_957;
    /** Microseconds from 1970-01-01 to 2000-01-01. */
    private static final long EPOCH_MICROS = EPOCH_DAYS * 86_400_000_000L;
    /** DuckDB's last timestamp before its infinity, in microseconds since 1970. */
    private static final long MAX_TIMESTAMP = Long.MAX_VALUE - 1;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int NUMERIC_NEGATIVE = 0x4000;
    private static final int NUMERIC_NAN = 0xC000;
    private static final int NUMERIC_INFINITY = 0xD000;
    private static final int NUMERIC_NEGATIVE_INFINITY = 0xF000;

    private final CopyOut copy;
    private final Format[] formats;
    private final Carrier[] carriers;
    /** Each column's type as DuckDB stores it. */
    private final LoadType[] stored;

    private final String[] names;
    private final List<LoadColumn> loadColumns;
    private final byte[] taskInstance;
    private final BooleanSupplier cancelled;
    private final String where;

    /** The message being read and the position in it. */
    private byte[] buffer = new byte[0];

    private int position;
    /** Numerics and uuids written as text. */
    private byte[] scratch = new byte[64];

    private long rows;
    private boolean started;
    private boolean ended;

    private PostgresBinaryRows(
            CopyOut copy,
            List<SourceColumn> columns,
            List<String> typeNames,
            String taskInstance,
            BooleanSupplier cancelled,
            String where) {
        this.copy = copy;
        this.loadColumns = CopyLines.loadColumns(columns, taskInstance);
        this.formats = typeNames.stream().map(FORMATS::get).toArray(Format[]::new);
        this.names = columns.stream().map(column -> column.column().name()).toArray(String[]::new);
        this.stored = ColumnarRows.storedInDuckDb(loadColumns);
        this.carriers = new Carrier[loadColumns.size()];
        for (int i = 0; i < carriers.length; i++) {
            carriers[i] = i < formats.length ? carrier(formats[i], stored[i]) : Carrier.TEXT;
        }
        this.taskInstance = taskInstance == null ? null : taskInstance.getBytes(StandardCharsets.UTF_8);
        this.cancelled = cancelled;
        this.where = where;
    }

    /** Whether columns of these PostgreSQL types (as the driver names them) are read here. */
    static boolean reads(List<String> typeNames) {
        return typeNames.stream().allMatch(FORMATS::containsKey);
    }

    /**
     * Starts {@code COPY (query) TO STDOUT (FORMAT binary)} on {@code connection}, which may run nothing else until
     * this is closed.
     *
     * @param taskInstance the value of a last {@value DatabaseExtract#TASK_INSTANCE} column; null for none
     */
    static PostgresBinaryRows start(
            Connection connection,
            String query,
            List<SourceColumn> columns,
            List<String> typeNames,
            BooleanSupplier cancelled,
            String where,
            String taskInstance)
            throws SQLException {
        CopyOut copy = connection
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyOut("COPY (" + query + "\n) TO STDOUT (FORMAT binary)");
        return new PostgresBinaryRows(copy, columns, typeNames, taskInstance, cancelled, where);
    }

    private static Carrier carrier(Format format, LoadType stored) {
        return switch (format) {
            case BOOL -> Carrier.BOOLEAN;
            case INT2, INT4, INT8 -> Carrier.LONG;
            case NUMERIC -> stored.kind() == LoadType.Kind.DECIMAL && stored.precision() > 0 && stored.precision() <= 18
                    ? Carrier.DECIMAL
                    : Carrier.TEXT;
            case FLOAT4 -> Carrier.FLOAT;
            case FLOAT8 -> Carrier.DOUBLE;
            case TEXT, JSONB, UUID -> Carrier.TEXT;
            case BYTES -> Carrier.BYTES;
            case DATE -> Carrier.DATE;
            case TIME -> Carrier.TIME;
            case TIMESTAMP -> stored.kind() == LoadType.Kind.TIMESTAMPTZ ? Carrier.TIMESTAMPTZ : Carrier.TIMESTAMP;
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

    @Override
    public int nextBatch(ColumnBatch batch) {
        int row = 0;
        long bytes = 0;
        try {
            if (!started) {
                header();
                started = true;
            }
            while (!ended && row < batch.capacity() && bytes < batch.byteBudget()) {
                if ((rows & 1023) == 0 && cancelled.getAsBoolean()) {
                    throw new SourceReadCancelled(where, rows);
                }
                int fields = readShort();
                if (fields == -1) {
                    // The trailer: the rest of the stream ends the COPY, leaving the connection free.
                    while (copy.readFromCopy() != null) {}
                    ended = true;
                    break;
                }
                if (fields != formats.length) {
                    throw new SourceReadException(
                            "Reading " + where + " failed after " + rows + " rows: the server sent " + fields
                                    + " values in a row of " + formats.length + " columns",
                            new SQLException("unexpected field count", "XX000"));
                }
                for (int i = 0; i < fields; i++) {
                    int length = readInt();
                    if (length < 0) {
                        continue;
                    }
                    need(length);
                    value(batch, i, row, position, length);
                    position += length;
                    bytes += length + 1;
                }
                if (taskInstance != null) {
                    batch.setText(formats.length, row, taskInstance, 0, taskInstance.length);
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

    private void header() throws SQLException {
        need(SIGNATURE.length + 8);
        if (!Arrays.equals(buffer, position, position + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw new SourceReadException(
                    "Reading " + where + " failed: the server's binary COPY does not start with its signature",
                    new SQLException("bad binary COPY signature", "XX000"));
        }
        position += SIGNATURE.length + 4; // the flags
        int extension = readInt();
        need(extension);
        position += extension;
    }

    /** The value of column {@code column}: {@code length} bytes of {@link #buffer} at {@code at}. */
    private void value(ColumnBatch batch, int column, int row, int at, int length) {
        byte[] b = buffer;
        switch (formats[column]) {
            case BOOL -> batch.setBoolean(column, row, b[at] != 0);
            case INT2 -> batch.setLong(column, row, (short) (b[at] << 8 | b[at + 1] & 0xff));
            case INT4 -> batch.setLong(column, row, int4(b, at));
            case INT8 -> batch.setLong(column, row, int8(b, at));
            case FLOAT4 -> batch.setFloat(column, row, Float.intBitsToFloat(int4(b, at)));
            case FLOAT8 -> batch.setDouble(column, row, Double.longBitsToDouble(int8(b, at)));
            case TEXT -> text(batch, column, row, b, at, at + length);
            case JSONB -> {
                if (b[at] != 1) {
                    throw refused(column, "jsonb of version " + b[at] + ", which Weir does not read");
                }
                text(batch, column, row, b, at + 1, at + length); // after its version byte
            }
            case BYTES -> batch.setBytes(column, row, b, at, at + length);
            case UUID -> {
                int size = uuid(b, at);
                batch.setText(column, row, scratch, 0, size);
            }
            case NUMERIC -> numeric(batch, column, row, b, at);
            case DATE -> {
                int days = int4(b, at);
                // PostgreSQL's infinities are the ends of an int; DuckDB's are one short of them on both sides.
                long epochDays = days == Integer.MAX_VALUE
                        ? Integer.MAX_VALUE
                        : days == Integer.MIN_VALUE ? -Integer.MAX_VALUE : (long) days + EPOCH_DAYS;
                if (epochDays >= Integer.MAX_VALUE && days != Integer.MAX_VALUE) {
                    throw refused(column, "a date later than DuckDB's dates reach");
                }
                batch.setEpochDay(column, row, (int) epochDays);
            }
            case TIME -> batch.setMicros(column, row, int8(b, at));
            case TIMESTAMP -> {
                long micros = int8(b, at);
                long epochMicros;
                if (micros == Long.MAX_VALUE) {
                    epochMicros = Long.MAX_VALUE;
                } else if (micros == Long.MIN_VALUE) {
                    epochMicros = -Long.MAX_VALUE;
                } else if (micros > MAX_TIMESTAMP - EPOCH_MICROS) {
                    // PostgreSQL's timestamps reach the year 294276; DuckDB's end in 294247, where a long ends.
                    throw refused(column, "a timestamp later than DuckDB's timestamps reach (294247)");
                } else {
                    epochMicros = micros + EPOCH_MICROS;
                }
                batch.setMicros(column, row, epochMicros);
            }
        }
    }

    /** Text, which must be UTF-8 as DuckDB's strings are: a database of another encoding may hold anything. */
    private void text(ColumnBatch batch, int column, int row, byte[] b, int start, int end) {
        if (!ColumnBatch.isUtf8(b, start, end)) {
            throw refused(column, "text that is not UTF-8");
        }
        batch.setText(column, row, b, start, end);
    }

    private SourceReadException refused(int column, String what) {
        String message = "Column " + names[column] + " of " + where + " holds " + what + " in row " + (rows + 1)
                + "; cast or convert it in the import_query";
        return new SourceReadException(message, new SQLException(message, "22000"));
    }

    /** A numeric: its base-10000 digits written out as text, then set as the column travels. */
    private void numeric(ColumnBatch batch, int column, int row, byte[] b, int at) {
        int digits = (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
        int weight = (short) (b[at + 2] << 8 | b[at + 3] & 0xff);
        int sign = (b[at + 4] & 0xff) << 8 | b[at + 5] & 0xff;
        int scale = (b[at + 6] & 0xff) << 8 | b[at + 7] & 0xff;
        int size =
                switch (sign) {
                    case NUMERIC_NAN -> ascii("NaN");
                    case NUMERIC_INFINITY -> ascii("Infinity");
                    case NUMERIC_NEGATIVE_INFINITY -> ascii("-Infinity");
                    default -> numericText(b, at + 8, digits, weight, sign == NUMERIC_NEGATIVE, scale);
                };
        if (carriers[column] == Carrier.DECIMAL) {
            LoadType type = stored[column];
            long unscaled = ValueText.unscaled(scratch, 0, size, type.scale(), type.precision());
            if (unscaled == ValueText.NOT_A_NUMBER) {
                String value = new String(scratch, 0, size, StandardCharsets.US_ASCII);
                throw refused(column, "'" + value + "', which does not fit " + type.sql(WarehouseType.DUCKDB) + ",");
            }
            batch.setUnscaled(column, row, unscaled);
        } else {
            batch.setText(column, row, scratch, 0, size);
        }
    }

    /** Writes a numeric's digits (base 10,000, the first {@code weight + 1} before the point) into the scratch. */
    private int numericText(byte[] b, int at, int digits, int weight, boolean negative, int scale) {
        room(2 + 4 * (Math.max(weight, 0) + 1) + 1 + scale + 4);
        int size = 0;
        if (negative) {
            scratch[size++] = '-';
        }
        if (weight < 0) {
            scratch[size++] = '0';
        } else {
            for (int i = 0; i <= weight; i++) {
                int digit = i < digits ? group(b, at, i) : 0;
                if (i == 0) {
                    size = writeUnpadded(digit, size);
                } else {
                    size = writePadded(digit, size);
                }
            }
        }
        if (scale > 0) {
            scratch[size++] = '.';
            int written = 0;
            for (int i = weight + 1; written < scale; i++) {
                int digit = i >= 0 && i < digits ? group(b, at, i) : 0;
                int end = size;
                size = writePadded(digit, size);
                written += 4;
                if (written > scale) {
                    size = end + 4 - (written - scale);
                }
            }
        }
        return size;
    }

    private static int group(byte[] b, int at, int index) {
        int offset = at + 2 * index;
        return (b[offset] & 0xff) << 8 | b[offset + 1] & 0xff;
    }

    private int writeUnpadded(int digit, int size) {
        if (digit >= 1000) {
            scratch[size++] = (byte) ('0' + digit / 1000);
        }
        if (digit >= 100) {
            scratch[size++] = (byte) ('0' + digit / 100 % 10);
        }
        if (digit >= 10) {
            scratch[size++] = (byte) ('0' + digit / 10 % 10);
        }
        scratch[size++] = (byte) ('0' + digit % 10);
        return size;
    }

    private int writePadded(int digit, int size) {
        scratch[size++] = (byte) ('0' + digit / 1000);
        scratch[size++] = (byte) ('0' + digit / 100 % 10);
        scratch[size++] = (byte) ('0' + digit / 10 % 10);
        scratch[size++] = (byte) ('0' + digit % 10);
        return size;
    }

    private int ascii(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, scratch, 0, bytes.length);
        return bytes.length;
    }

    /** A uuid's 16 bytes written as its 36 characters into the scratch. */
    private int uuid(byte[] b, int at) {
        int size = 0;
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                scratch[size++] = '-';
            }
            scratch[size++] = HEX[(b[at + i] >> 4) & 0xf];
            scratch[size++] = HEX[b[at + i] & 0xf];
        }
        return size;
    }

    private void room(int size) {
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, 2 * scratch.length)];
        }
    }

    private static int int4(byte[] b, int at) {
        return b[at] << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }

    private static long int8(byte[] b, int at) {
        return (long) int4(b, at) << 32 | int4(b, at + 4) & 0xffffffffL;
    }

    private int readShort() throws SQLException {
        need(2);
        int value = (short) (buffer[position] << 8 | buffer[position + 1] & 0xff);
        position += 2;
        return value;
    }

    private int readInt() throws SQLException {
        need(4);
        int value = int4(buffer, position);
        position += 4;
        return value;
    }

    /** Makes {@code size} bytes available at {@link #position}, reading the server's next messages as needed. */
    private void need(int size) throws SQLException {
        while (buffer.length - position < size) {
            byte[] next = copy.readFromCopy();
            if (next == null) {
                throw new SourceReadException(
                        "Reading " + where + " failed after " + rows + " rows: the server's binary COPY ended midway",
                        new SQLException("binary COPY ended midway", "08006"));
            }
            if (position == buffer.length) {
                buffer = next;
            } else {
                byte[] joined = Arrays.copyOfRange(buffer, position, buffer.length + next.length);
                System.arraycopy(next, 0, joined, buffer.length - position, next.length);
                buffer = joined;
            }
            position = 0;
        }
    }

    /** Ends the copy if the rows were not read to the end, so that the connection can be closed or reused. */
    @Override
    public void close() {
        CopyLines.cancel(copy);
    }
}

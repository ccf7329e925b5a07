package io.weir.warehouse.load;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One batch of rows as columns, filled by a {@link ColumnarRows} source row by row and handed to DuckDB whole. Each
 * column holds values of one {@link Carrier}; a value not set stays null.
 */
public final class ColumnBatch {
    /** How a column's values travel to the warehouse. */
    public enum Carrier {
        /** A whole number ({@link #setLong}). */
        LONG,
        /** A decimal of up to 18 digits as its unscaled whole number at the column's scale ({@link #setUnscaled}). */
        DECIMAL,
        /** A boolean ({@link #setBoolean}). */
        BOOLEAN,
        /** A 4-byte floating point number ({@link #setFloat}). */
        FLOAT,
        /** An 8-byte floating point number ({@link #setDouble}). */
        DOUBLE,
        /** A date as days since 1970-01-01 ({@link #setEpochDay}). */
        DATE,
        /** A time of day as microseconds since midnight, up to 24:00:00 ({@link #setMicros}). */
        TIME,
        /** A timestamp without time zone as microseconds since 1970-01-01 00:00 ({@link #setMicros}). */
        TIMESTAMP,
        /** An instant as microseconds since 1970-01-01 00:00 UTC ({@link #setMicros}). */
        TIMESTAMPTZ,
        /** UTF-8 text, which the warehouse casts to the column's type where that is not text ({@link #setText}). */
        TEXT,
        /** Bytes ({@link #setBytes}). */
        BYTES
    }

    /** The most rows in one batch. */
    static final int ROWS = 1 << 16;

    /**
     * The rows of a load's first batch; each next one may hold twice as many, up to {@link #ROWS}. DuckDB waits for
     * the first batch with nothing to do, so a small one starts it sooner.
     */
    static final int FIRST_ROWS = 1 << 12;

    /** About how many bytes of text and bytes one batch holds before it is handed over. */
    private static final long BYTE_BUDGET = 16L << 20;

    private final VectorSchemaRoot root;
    private final FieldVector[] vectors;
    private long bytes;
    private int capacity = FIRST_ROWS;

    ColumnBatch(VectorSchemaRoot root) {
        this.root = root;
        this.vectors = root.getFieldVectors().toArray(FieldVector[]::new);
    }

    /** The field a column of {@code carrier} travels as, named {@code name}; a decimal has {@code stored}'s scale. */
    static Field field(String name, Carrier carrier, LoadType stored) {
        ArrowType type =
                switch (carrier) {
                    case LONG -> new ArrowType.Int(64, true);
                    case DECIMAL -> new ArrowType.Decimal(stored.precision(), stored.scale(), 128);
                    case BOOLEAN -> ArrowType.Bool.INSTANCE;
                    case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
                    case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
                    case DATE -> new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY);
                    case TIME -> new ArrowType.Time(TimeUnit.MICROSECOND, 64);
                    case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
                    case TIMESTAMPTZ -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
                    case TEXT -> ArrowType.Utf8.INSTANCE;
                    case BYTES -> ArrowType.Binary.INSTANCE;
                };
        return Field.nullable(name, type);
    }

    /** The most rows this batch takes. */
    public int capacity() {
        return capacity;
    }

    /** About how many bytes of text and bytes a batch holds before a source ends it, though it has room for rows. */
    public long byteBudget() {
        return BYTE_BUDGET;
    }

    /** Empties the batch for the next rows, making room for twice as many as before, up to {@link #ROWS}. */
    void clear(boolean first) {
        capacity = first ? FIRST_ROWS : Math.min(ROWS, 2 * capacity);
        for (FieldVector vector : vectors) {
            vector.setInitialCapacity(capacity);
        }
        root.allocateNew();
    }

    /** Ends the batch at {@code rows} rows. */
    void finish(int rows) {
        root.setRowCount(rows);
    }

    /** Counts {@code size} bytes of the source's values as text, for the load's MB/s. */
    public void countBytes(long size) {
        bytes += size;
    }

    /** The bytes counted since the last call. */
    long takeBytes() {
        long taken = bytes;
        bytes = 0;
        return taken;
    }

    /**
     * Arrow's own checks are off ({@link DuckDbArrowWriter}): a row past the batch's room would write past its
     * buffers, so it fails here instead.
     */
    private void checkRow(int row) {
        if (row < 0 || row >= capacity) {
            throw new IndexOutOfBoundsException("row " + row + " of a batch of " + capacity + " rows");
        }
    }

    public void setLong(int column, int row, long value) {
        checkRow(row);
        ((BigIntVector) vectors[column]).set(row, value);
    }

    public void setUnscaled(int column, int row, long unscaled) {
        checkRow(row);
        ((DecimalVector) vectors[column]).set(row, unscaled);
    }

    public void setBoolean(int column, int row, boolean value) {
        checkRow(row);
        ((BitVector) vectors[column]).set(row, value ? 1 : 0);
    }

    public void setEpochDay(int column, int row, int days) {
        checkRow(row);
        ((DateDayVector) vectors[column]).set(row, days);
    }

    public void setFloat(int column, int row, float value) {
        checkRow(row);
        ((Float4Vector) vectors[column]).set(row, value);
    }

    public void setDouble(int column, int row, double value) {
        checkRow(row);
        ((Float8Vector) vectors[column]).set(row, value);
    }

    /** Microseconds: since midnight for a {@link Carrier#TIME}, since 1970 for a timestamp. */
    public void setMicros(int column, int row, long micros) {
        checkRow(row);
        if (vectors[column] instanceof TimeMicroVector time) {
            time.set(row, micros);
        } else {
            ((TimeStampVector) vectors[column]).set(row, micros);
        }
    }

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    /**
     * Whether {@code bytes} from {@code start} to {@code end} are well-formed UTF-8, as DuckDB's strings must be and
     * as DuckDB does not check of text it is handed in batches. ASCII, most text, is looked at eight bytes at a time.
     */
    public static boolean isUtf8(byte[] bytes, int start, int end) {
        int i = start;
        while (i < end) {
            if (i + Long.BYTES <= end && ((long) WORDS.get(bytes, i) & HIGH_BITS) == 0) {
                i += Long.BYTES;
                continue;
            }
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int more;
            int min = 0x80;
            int max = 0xbf;
            if (b >= 0xc2 && b <= 0xdf) {
                more = 1;
            } else if (b >= 0xe0 && b <= 0xef) {
                more = 2;
                if (b == 0xe0) {
                    min = 0xa0; // no overlong forms
                } else if (b == 0xed) {
                    max = 0x9f; // no surrogates
                }
            } else if (b >= 0xf0 && b <= 0xf4) {
                more = 3;
                if (b == 0xf0) {
                    min = 0x90;
                } else if (b == 0xf4) {
                    max = 0x8f; // nothing past U+10FFFF
                }
            } else {
                return false;
            }
            if (i + more >= end) {
                return false; // cut off
            }
            int second = bytes[i + 1] & 0xff;
            if (second < min || second > max) {
                return false;
            }
            for (int k = 2; k <= more; k++) {
                int next = bytes[i + k] & 0xff;
                if (next < 0x80 || next > 0xbf) {
                    return false;
                }
            }
            i += more + 1;
        }
        return true;
    }

    /** UTF-8 text: {@code bytes} from {@code start} to {@code end}. */
    public void setText(int column, int row, byte[] bytes, int start, int end) {
        checkRow(row);
        ((VarCharVector) vectors[column]).setSafe(row, bytes, start, end - start);
    }

    public void setBytes(int column, int row, byte[] bytes, int start, int end) {
        checkRow(row);
        ((VarBinaryVector) vectors[column]).setSafe(row, bytes, start, end - start);
    }
}

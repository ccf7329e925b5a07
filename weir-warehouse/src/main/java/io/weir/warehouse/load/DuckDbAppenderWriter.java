package io.weir.warehouse.load;

import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes rows through DuckDB's appender, which fills the table's column vectors directly; {@link ColumnarRows} go as
 * Arrow batches instead ({@link DuckDbArrowWriter}), and {@link CopyCsvRows} go
 * through DuckDB's CSV reader instead ({@link DuckDbCsvWriter}).
 */
final class DuckDbAppenderWriter implements BulkWriter {
    private static final int MAX_LONG_DECIMAL = 18;
    private static final long[] POWERS_OF_TEN = new long[MAX_LONG_DECIMAL + 1];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private final WarehouseSession session;

    DuckDbAppenderWriter(WarehouseSession session) {
        this.session = session;
    }

    @Override
    public Written write(
            Relation table, RowSource rows, OffsetDateTime uploadedAt, String runId, LongConsumer progress) {
        if (rows instanceof ColumnarRows columnar) {
            return new DuckDbArrowWriter(session).write(table, columnar, uploadedAt, runId, progress);
        }
        if (rows instanceof CopyCsvRows csv) {
            return new DuckDbCsvWriter(session).write(table, csv, uploadedAt, runId, progress);
        }
        // An appender outside a transaction commits each batch it flushes, a third slower than one commit at the end.
        return inTransaction(session, () -> append(table, rows, uploadedAt, runId, progress));
    }

    /** Runs {@code work} in the session's open transaction, else in one of its own: a load is all or nothing. */
    static Written inTransaction(WarehouseSession session, Supplier<Written> work) {
        try {
            if (!session.connection().getAutoCommit()) {
                return work.get();
            }
        } catch (SQLException e) {
            throw new WarehouseException("Cannot begin a transaction on " + session.target() + ": " + message(e), e);
        }
        return session.inTransaction(tx -> work.get());
    }

    private Written append(
            Relation table, RowSource rows, OffsetDateTime uploadedAt, String runId, LongConsumer progress) {
        List<LoadColumn> columns = rows.columns();
        LoadType[] types = columns.stream()
                .map(column -> column.type().in(WarehouseType.DUCKDB))
                .toArray(LoadType[]::new);
        Object[] row = new Object[columns.size()];
        long uploadedMicros = uploadedAt == null ? 0 : micros(uploadedAt.toEpochSecond(), uploadedAt.getNano());
        long count = 0;
        long bytes = 0;
        String database = table.database() == null ? session.target().database() : table.database();
        beginTransaction();
        try (DuckDBAppender appender = session.connection()
                .unwrap(DuckDBConnection.class)
                .createAppender(database, table.schema(), table.identifier())) {
            while (rows.next(row)) {
                appender.beginRow();
                for (int i = 0; i < row.length; i++) {
                    bytes += append(appender, types[i], row[i]);
                }
                if (uploadedAt != null) {
                    appender.appendEpochMicros(uploadedMicros);
                    appender.append(runId);
                }
                appender.endRow();
                java.util.Arrays.fill(row, null);
                if (++count % PROGRESS_EVERY == 0) {
                    progress.accept(count);
                }
            }
            appender.flush();
        } catch (SQLException e) {
            throw new WarehouseException("Cannot append rows to " + table + ": " + message(e), e);
        }
        return new Written(count, bytes);
    }

    /**
     * DuckDB's driver begins the transaction of {@code setAutoCommit(false)} at the next statement; an appender used
     * before any statement commits its rows on its own, so a failed load would keep them. A statement begins it.
     */
    private void beginTransaction() {
        try {
            if (!session.connection().getAutoCommit()) {
                try (java.sql.Statement statement = session.connection().createStatement()) {
                    statement.execute("select 1");
                }
            }
        } catch (SQLException e) {
            throw new WarehouseException("Cannot begin a transaction on " + session.target() + ": " + message(e), e);
        }
    }

    private static long append(DuckDBAppender appender, LoadType type, Object value) throws SQLException {
        if (value == null) {
            appender.appendNull();
            return 0;
        }
        switch (type.kind()) {
            case BOOLEAN -> appender.append((boolean) (Boolean) value);
            case SMALLINT -> appender.append(((Number) value).shortValue());
            case INTEGER -> appender.append(((Number) value).intValue());
            case BIGINT -> appender.append(((Number) value).longValue());
            case DECIMAL -> appendDecimal(appender, type, (BigDecimal) value);
            case REAL -> appender.append(((Number) value).floatValue());
            case DOUBLE -> appender.append(((Number) value).doubleValue());
            case DATE -> appender.append((LocalDate) value);
            case TIME -> appender.append((LocalTime) value);
            case TIMESTAMP -> {
                LocalDateTime timestamp = (LocalDateTime) value;
                if (isNearEpoch(timestamp.getYear())) {
                    appender.appendEpochMicros(micros(timestamp.toEpochSecond(ZoneOffset.UTC), timestamp.getNano()));
                } else {
                    appender.append(timestamp);
                }
            }
            case TIMESTAMPTZ -> {
                OffsetDateTime timestamp = (OffsetDateTime) value;
                if (isNearEpoch(timestamp.getYear())) {
                    appender.appendEpochMicros(micros(timestamp.toEpochSecond(), timestamp.getNano()));
                } else {
                    appender.append(timestamp);
                }
            }
            case UUID -> appender.append((UUID) value);
            case BYTES -> {
                byte[] data = (byte[]) value;
                appender.append(data);
                return data.length;
            }
            case VARCHAR, TEXT, JSON, INET, OTHER -> {
                String text = value.toString();
                appender.append(text);
                return text.length();
            }
        }
        return 8;
    }

    /**
     * DuckDB's decimals have a fixed scale; a source's unconstrained numeric is rounded to it. Decimals of up to 18
     * digits go in as their unscaled whole number, the way DuckDB stores them, without a BigInteger.
     */
    private static void appendDecimal(DuckDBAppender appender, LoadType stored, BigDecimal value) throws SQLException {
        BigDecimal scaled =
                value.scale() == stored.scale() ? value : value.setScale(stored.scale(), RoundingMode.HALF_EVEN);
        int precision = stored.precision();
        if (precision > MAX_LONG_DECIMAL) {
            appender.append(scaled);
            return;
        }
        long unscaled = scaled.movePointRight(scaled.scale()).longValue();
        if (Math.abs(unscaled) >= POWERS_OF_TEN[precision] || scaled.precision() > MAX_LONG_DECIMAL) {
            appender.append(scaled); // DuckDB names the column and the value that does not fit
        } else if (precision <= 4) {
            appender.appendDecimal((short) unscaled);
        } else if (precision <= 9) {
            appender.appendDecimal((int) unscaled);
        } else {
            appender.appendDecimal(unscaled);
        }
    }

    /** Years whose microseconds since 1970 fit a long by far; others take DuckDB's own, checked conversion. */
    private static boolean isNearEpoch(int year) {
        return year > -200_000 && year < 200_000;
    }

    private static long micros(long epochSeconds, int nanos) {
        return epochSeconds * 1_000_000 + nanos / 1_000;
    }

    static String message(SQLException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage().strip();
    }
}

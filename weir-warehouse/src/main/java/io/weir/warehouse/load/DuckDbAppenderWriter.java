package io.weir.warehouse.load;

import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** Writes rows through DuckDB's appender, which fills the table's column vectors directly. */
final class DuckDbAppenderWriter implements BulkWriter {
    private final WarehouseSession session;

    DuckDbAppenderWriter(WarehouseSession session) {
        this.session = session;
    }

    @Override
    public Written write(
            Relation table, RowSource rows, OffsetDateTime uploadedAt, String runId, LongConsumer progress) {
        List<LoadColumn> columns = rows.columns();
        Object[] row = new Object[columns.size()];
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
                    bytes += append(appender, columns.get(i).type(), row[i]);
                }
                if (uploadedAt != null) {
                    appender.append(uploadedAt);
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
            case DECIMAL -> appender.append(decimal(type, (BigDecimal) value));
            case REAL -> appender.append(((Number) value).floatValue());
            case DOUBLE -> appender.append(((Number) value).doubleValue());
            case DATE -> appender.append((LocalDate) value);
            case TIME -> appender.append((LocalTime) value);
            case TIMESTAMP -> appender.append((LocalDateTime) value);
            case TIMESTAMPTZ -> appender.append((OffsetDateTime) value);
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

    /** DuckDB's decimals have a fixed scale; a source's unconstrained numeric is rounded to it. */
    private static BigDecimal decimal(LoadType type, BigDecimal value) {
        LoadType stored = type.in(io.weir.warehouse.WarehouseType.DUCKDB);
        return value.scale() == stored.scale() ? value : value.setScale(stored.scale(), RoundingMode.HALF_EVEN);
    }

    static String message(SQLException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage().strip();
    }
}

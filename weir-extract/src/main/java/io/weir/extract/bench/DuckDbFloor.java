package io.weir.extract.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB's fastest bulk write: its appender in one transaction, fed rows of the benchmark's shape computed in memory,
 * decimals as their unscaled whole numbers and timestamps as microseconds since 1970, the forms DuckDB stores.
 */
final class DuckDbFloor {
    private static final LocalDateTime BASE = LocalDateTime.of(2024, 1, 1, 0, 0);
    private static final long BASE_MICROS = BASE.toEpochSecond(ZoneOffset.UTC) * 1_000_000;
    private static final String[] STATUS = {"new", "paid", "shipped", "returned"};

    private DuckDbFloor() {}

    static void write(Path file, long count) {
        try {
            Files.deleteIfExists(file);
            try (DuckDBConnection connection =
                            (DuckDBConnection) java.sql.DriverManager.getConnection("jdbc:duckdb:" + file);
                    Statement statement = connection.createStatement()) {
                statement.execute("create table floor (id bigint, customer_id integer, quantity integer, product_id"
                        + " bigint, price decimal(12,2), amount decimal(18,4), status varchar, note varchar,"
                        + " created_at timestamp, updated_at timestamp with time zone)");
                // An appender outside a transaction commits each batch it flushes. The driver begins the transaction
                // of setAutoCommit(false) at the next statement, so one runs before the appender.
                connection.setAutoCommit(false);
                statement.execute("select 1");
                try (DuckDBAppender appender = connection.createAppender("main", "floor")) {
                    for (long g = 1; g <= count; g++) {
                        appender.beginRow();
                        appender.append(g);
                        appender.append((int) (g % 100_000));
                        appender.append((int) (g % 17));
                        appender.append(g * 7);
                        appender.appendDecimal(g % 100_000); // decimal(12,2): unscaled
                        appender.appendDecimal(g * 10_000 / 3); // decimal(18,4): unscaled
                        appender.append(STATUS[(int) (g % 4)]);
                        appender.append(BenchSources.note(g));
                        long micros = BASE_MICROS + g * 1_000_000;
                        appender.appendEpochMicros(micros);
                        appender.appendEpochMicros(micros);
                        appender.endRow();
                    }
                    appender.flush();
                }
                connection.commit();
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("the DuckDB floor failed: " + e.getMessage(), e);
        }
    }
}

package io.weir.extract.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** DuckDB's fastest bulk write: its appender, fed rows of the benchmark's shape computed in memory. */
final class DuckDbFloor {
    private static final LocalDateTime BASE = LocalDateTime.of(2024, 1, 1, 0, 0);
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
                try (DuckDBAppender appender = connection.createAppender("main", "floor")) {
                    for (long g = 1; g <= count; g++) {
                        appender.beginRow();
                        appender.append(g);
                        appender.append((int) (g % 100_000));
                        appender.append((int) (g % 17));
                        appender.append(g * 7);
                        appender.append(BigDecimal.valueOf(g % 100_000, 2));
                        appender.append(BigDecimal.valueOf(g * 10_000 / 3, 4));
                        appender.append(STATUS[(int) (g % 4)]);
                        appender.append("order note " + Long.toHexString(g * 0x9E3779B97F4A7C15L));
                        appender.append(BASE.plusSeconds(g));
                        appender.append(OffsetDateTime.of(BASE.plusSeconds(g), ZoneOffset.UTC));
                        appender.endRow();
                    }
                }
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("the DuckDB floor failed: " + e.getMessage(), e);
        }
    }
}

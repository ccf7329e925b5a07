package io.weir.extract.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/** PostgreSQL's fastest bulk write: {@code COPY FROM STDIN} of rows of the benchmark's shape computed in memory. */
final class PostgresFloor {
    private static final LocalDateTime BASE = LocalDateTime.of(2024, 1, 1, 0, 0);
    private static final String[] STATUS = {"new", "paid", "shipped", "returned"};

    private PostgresFloor() {}

    static void write(String url, String schema, long count) {
        try (Connection connection = DriverManager.getConnection(url)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create schema if not exists " + schema);
                statement.execute("create table " + schema + ".floor (id bigint, customer_id integer, quantity"
                        + " integer, product_id bigint, price numeric(12,2), amount numeric(18,4), status text, note"
                        + " varchar(60), created_at timestamp, updated_at timestamptz)");
            }
            try (PGCopyOutputStream copy = new PGCopyOutputStream(
                            connection.unwrap(PGConnection.class),
                            "copy " + schema + ".floor from stdin with (format csv)",
                            1 << 16);
                    Writer out = new BufferedWriter(new OutputStreamWriter(copy, StandardCharsets.UTF_8), 1 << 16)) {
                StringBuilder line = new StringBuilder(200);
                for (long g = 1; g <= count; g++) {
                    line.setLength(0);
                    LocalDateTime at = BASE.plusSeconds(g);
                    line.append(g)
                            .append(',')
                            .append(g % 100_000)
                            .append(',')
                            .append(g % 17)
                            .append(',')
                            .append(g * 7)
                            .append(',')
                            .append(java.math.BigDecimal.valueOf(g % 100_000, 2).toPlainString())
                            .append(',')
                            .append(java.math.BigDecimal.valueOf(g * 10_000 / 3, 4)
                                    .toPlainString())
                            .append(',')
                            .append(STATUS[(int) (g % 4)])
                            .append(',')
                            .append(BenchSources.note(g))
                            .append(',')
                            .append(at)
                            .append(',')
                            .append(at)
                            .append("Z\n");
                    out.append(line);
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("the PostgreSQL floor failed: " + e.getMessage(), e);
        }
    }
}

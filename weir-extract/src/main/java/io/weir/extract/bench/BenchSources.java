package io.weir.extract.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The benchmark's source tables: {@code weir_bench.load_<rows>} of 10 columns (ints, numerics, text, timestamps),
 * created once per size and kept, since generating millions of rows takes a while.
 */
final class BenchSources {
    static final String SCHEMA = "weir_bench";

    private BenchSources() {}

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String NOTE = "order note ";

    /**
     * The note of row {@code g} as the floors write it: the shape of the sources' {@code 'order note ' || md5(g)}, 32
     * hex digits that do not repeat. A cheap mix of {@code g} stands in for md5, which would cost a floor more time than
     * the write it measures; the warehouse stores and compresses the same kind of text either way.
     */
    static String note(long g) {
        char[] note = new char[NOTE.length() + 32];
        NOTE.getChars(0, NOTE.length(), note, 0);
        long high = mix(g);
        long low = mix(high ^ g);
        for (int i = 0; i < 16; i++) {
            note[NOTE.length() + i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xf];
            note[NOTE.length() + 16 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 0xf];
        }
        return new String(note);
    }

    private static long mix(long value) {
        long z = (value ^ (value >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    static String table(long rows) {
        return "load_" + rows;
    }

    /** Creates the PostgreSQL source table unless it is there with all its rows. */
    static void ensurePostgres(String url, long rows, java.io.PrintStream progress) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            if (count(statement, SCHEMA + "." + table(rows)) == rows) {
                return;
            }
            progress.printf(
                    Locale.ROOT,
                    "Creating the PostgreSQL source %s.%s of %,d rows (once)...%n",
                    SCHEMA,
                    table(rows),
                    rows);
            statement.execute("create schema if not exists " + SCHEMA);
            statement.execute("drop table if exists " + SCHEMA + "." + table(rows));
            statement.execute("create table " + SCHEMA + "." + table(rows) + " (id bigint primary key, customer_id"
                    + " integer, quantity integer, product_id bigint, price numeric(12,2), amount numeric(18,4),"
                    + " status text, note varchar(60), created_at timestamp, updated_at timestamptz)");
            statement.execute("insert into " + SCHEMA + "." + table(rows) + " select g, g % 100000, g % 17,"
                    + " g * 7, (g % 100000) / 100.0, g / 3.0, (array['new','paid','shipped','returned'])[g % 4 + 1],"
                    + " 'order note ' || md5(g::text), timestamp '2024-01-01' + g * interval '1 second',"
                    + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second'"
                    + " from generate_series(1, " + rows + ") g");
            statement.execute("analyze " + SCHEMA + "." + table(rows));
        }
    }

    /** Creates the MariaDB source table unless it is there with all its rows. */
    static void ensureMariaDb(String url, long rows, java.io.PrintStream progress) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("create database if not exists " + SCHEMA);
            if (count(statement, SCHEMA + "." + table(rows)) == rows) {
                return;
            }
            progress.printf(
                    Locale.ROOT,
                    "Creating the MariaDB source %s.%s of %,d rows (once)...%n",
                    SCHEMA,
                    table(rows),
                    rows);
            statement.execute("drop table if exists " + SCHEMA + "." + table(rows));
            statement.execute("create table " + SCHEMA + "." + table(rows) + " (id bigint primary key, customer_id"
                    + " integer, quantity integer, product_id bigint, price decimal(12,2), amount decimal(18,4),"
                    + " status text, note varchar(60), created_at datetime, updated_at timestamp null)");
            statement.execute("insert into " + SCHEMA + "." + table(rows) + " select seq, seq % 100000, seq % 17,"
                    + " seq * 7, (seq % 100000) / 100.0, seq / 3.0, elt(seq % 4 + 1, 'new', 'paid', 'shipped',"
                    + " 'returned'), concat('order note ', md5(seq)), timestamp '2024-01-01 00:00:00' + interval seq"
                    + " second, timestamp '2024-01-01 00:00:00' + interval seq second from seq_1_to_" + rows);
        }
    }

    private static long count(Statement statement, String table) {
        String[] parts = table.split("\\.");
        try (ResultSet exists = statement.executeQuery("select count(*) from information_schema.tables where"
                + " table_schema = '" + parts[0] + "' and table_name = '" + parts[1] + "'")) {
            exists.next();
            if (exists.getLong(1) == 0) {
                return -1;
            }
        } catch (SQLException e) {
            return -1;
        }
        try (ResultSet results = statement.executeQuery("select count(*) from " + table)) {
            results.next();
            return results.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}

package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weir sql} on a PostgreSQL warehouse, where RAW and ANALYTICS are schemas of one database: the names
 * {@code raw.<schema>.<table>} and {@code analytics.<schema>.<table>} reach the tables an extract and a transform
 * write there, as on the embedded warehouse. Each test has a database of its own.
 */
class SqlCommandPostgresIT {
    private final String database =
            "weir_load_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private String url;

    @TempDir
    Path project;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(TestWarehouses.postgresAvailable(), "no PostgreSQL at " + TestWarehouses.postgresUrl());
        execute(TestWarehouses.postgresUrl(), "create database " + database);
        url = TestWarehouses.postgresUrl().replaceFirst("(//[^/]+/)[^?]*", "$1" + database);
        Files.writeString(project.resolve("weir.yaml"), "warehouse:\n  type: postgres\n  url: " + url + "\n");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + project.resolve("shop.db"));
                Statement statement = connection.createStatement()) {
            statement.execute("create table orders (id integer primary key, status text)");
            statement.execute("insert into orders values (1, 'new'), (2, 'paid'), (3, 'shipped')");
        }
        Files.createDirectories(project.resolve("extract"));
        Files.writeString(
                project.resolve("extract/shop.yaml"),
                """
                connection_info:
                  driver: sqlite
                  database: SHOP_DB
                tables:
                  orders:
                    import_db: shop
                    import_query: SELECT id, status FROM orders
                    export_table: orders
                    export_table_primary_key: id
                """);
    }

    @AfterEach
    void dropDatabase() {
        if (url != null) {
            execute(TestWarehouses.postgresUrl(), "drop database " + database + " with (force)");
        }
    }

    @Test
    void rawNamesReachWhatAnExtractLandedInTheDatabasesSchemas() {
        CliRun extract = weir("extract", "database", "extract/shop.yaml");
        CliRun count = weir("sql", "select count(*) as n from raw.tap_postgres.shop_orders");
        CliRun byPlainName = weir("sql", "-o", "plain", "select status from tap_postgres.shop_orders where id = 2");

        assertThat(extract.exitCode()).as(extract.toString()).isZero();
        assertThat(extract.out()).startsWith("Table orders: 3 rows into tap_postgres.shop_orders (scd) in ");
        assertThat(count.exitCode()).as(count.toString()).isZero();
        assertThat(count.out()).isEqualTo("n\n=\n3\n");
        assertThat(byPlainName.out()).isEqualTo("paid\n");
    }

    @Test
    void analyticsNamesAndStatementsThatChangeRowsWorkToo() {
        CliRun create = weir("sql", "create schema analytics");
        CliRun table = weir("sql", "create table analytics.analytics.customers as select 1 as id, 'raw.a.b' as note");
        CliRun insert = weir("sql", "insert into analytics.analytics.customers values (2, 'x')");
        CliRun select = weir(
                "sql",
                "-o",
                "plain",
                "select note from analytics.analytics.customers where note = 'raw.a.b' -- raw.x.y");

        assertThat(create.exitCode()).as(create.toString()).isZero();
        assertThat(table.exitCode()).as(table.toString()).isZero();
        // DDL changes no rows: it says OK, as on DuckDB, not "OK, 0 rows".
        assertThat(create.out()).isEqualTo("OK\n");
        assertThat(table.out()).isEqualTo("OK\n");
        assertThat(weir("sql", "create index customers_id on analytics.analytics.customers (id)")
                        .out())
                .isEqualTo("OK\n");
        assertThat(insert.out()).isEqualTo("OK, 1 row\n");
        assertThat(weir("sql", "update analytics.analytics.customers set note = 'y' where id = 2")
                        .out())
                .isEqualTo("OK, 1 row\n");
        assertThat(select.out()).isEqualTo("raw.a.b\n");
    }

    @Test
    void aMissingRawTableIsNamedInTheError() {
        CliRun run = weir("sql", "select * from raw.tap_postgres.missing");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .startsWith("error: ERROR: relation \"tap_postgres.missing\" does not exist")
                .doesNotContain("Exception");
    }

    private CliRun weir(String... args) {
        String[] withProject = new String[args.length + 2];
        withProject[0] = "--project";
        withProject[1] = project.toString();
        System.arraycopy(args, 0, withProject, 2, args.length);
        return CliRun.run(Map.of("SHOP_DB", "shop.db"), withProject);
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}

package io.weir.extract.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.extract.testing.TaskTry;
import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values at the edges of PostgreSQL's text forms (years before 1, infinities, the end of the day, quoting, a value
 * longer than a CSV reader's default line) land as they are in both warehouses; DuckDB reads them as CSV.
 */
class PostgresEdgeValuesIT {
    private static final int LONG_TEXT = 3_000_000;

    @TempDir
    Path project;

    private String source;
    private WarehouseUnderTest warehouse;

    @BeforeEach
    void createSource() throws Exception {
        assumeTrue(TestWarehouses.postgresAvailable());
        source = TestWarehouses.uniqueSchema() + "_edge";
        try (Connection connection = DriverManager.getConnection(TestWarehouses.postgresUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("create schema " + source);
            statement.execute(
                    "create table " + source + ".edges (id int primary key, day date, local_ts timestamp,"
                            + " instant timestamptz, clock time, ratio double precision, body text, blank text, payload bytea)");
            statement.execute("insert into " + source + ".edges values"
                    + " (1, '0044-03-15 BC', '0001-01-01 10:00:00 BC', '0044-03-15 10:00:00+05:30 BC', '24:00:00',"
                    + " 'NaN', 'comma, \"quote\"' || chr(13) || chr(10) || 'next', '', ''),"
                    + " (2, 'infinity', '-infinity', 'infinity', null, '-Infinity', repeat('x', " + LONG_TEXT + "),"
                    + " null, null)");
        }
        Files.createDirectories(project.resolve("extract"));
        Files.writeString(
                project.resolve("extract/edges.yaml"),
                """
                connection_info:
                  user: APP_DB_USER
                  host: APP_DB_HOST
                  database: APP_DB_NAME
                  port: APP_DB_PORT
                tables:
                  edges:
                    import_db: APP_DB
                    import_query: SELECT * FROM %s.edges
                    export_table: edges
                    export_table_primary_key: id
                """
                        .formatted(source));
    }

    @AfterEach
    void dropSource() {
        if (source != null) {
            TestWarehouses.dropPostgresSchemas(source);
        }
        if (warehouse != null) {
            warehouse.dropSchemas();
        }
    }

    @Test
    void edgeValuesLandAsTheyAreInDuckDb() {
        warehouse = WarehouseUnderTest.duckdb(project);
        run();

        assertThat(rows("select cast(day as varchar), cast(local_ts as varchar),"
                        + " cast(timezone('UTC', instant) as varchar), cast(clock as varchar), cast(ratio as varchar),"
                        + " left(body, 40), blank, hex(payload), length(body)"))
                .containsExactly(
                        List.of(
                                "0044-03-15 (BC)",
                                "0001-01-01 (BC) 10:00:00",
                                "0044-03-15 (BC) 04:30:00",
                                "24:00:00",
                                "nan",
                                "comma, \"quote\"\r\nnext",
                                "",
                                "",
                                "20"),
                        nulls("infinity", "-infinity", "infinity", null, "-inf", "x".repeat(40), null, null));
    }

    @Test
    void edgeValuesLandAsTheyAreInPostgres() throws Exception {
        warehouse = WarehouseUnderTest.postgres(project);
        run();

        assertThat(rows("select cast(day as varchar), cast(local_ts as varchar),"
                        + " cast(instant at time zone 'UTC' as varchar), cast(clock as varchar),"
                        + " cast(ratio as varchar), left(body, 40), blank, encode(payload, 'hex'), length(body)"))
                .containsExactly(
                        List.of(
                                "0044-03-15 BC",
                                "0001-01-01 10:00:00 BC",
                                "0044-03-15 04:30:00 BC",
                                "24:00:00",
                                "NaN",
                                "comma, \"quote\"\r\nnext",
                                "",
                                "",
                                "20"),
                        nulls("infinity", "-infinity", "infinity", null, "-Infinity", "x".repeat(40), null, null));
    }

    @Test
    void binaryCopyAndCsvLoadTheSameValuesIntoDuckDb() throws Exception {
        warehouse = WarehouseUnderTest.duckdb(project);
        assertThat(io.weir.warehouse.load.TableLoader.columnarLoads()).isTrue();
        try (Connection connection = DriverManager.getConnection(TestWarehouses.postgresUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("create table " + source + ".kinds (id int primary key, flag boolean, tiny smallint,"
                    + " mid integer, big bigint, price numeric(12,2), small_fraction numeric(18,8), free numeric,"
                    + " wide numeric(30,10), r real, d double precision, t text, v varchar(10), c char(5), n name,"
                    + " j json, jb jsonb, u uuid, b bytea, day date, clock time, local_ts timestamp(3),"
                    + " instant timestamptz)");
            statement.execute("insert into " + source + ".kinds values"
                    + " (1, true, -32768, -2147483648, -9223372036854775808, -1234567890.12, 0.00000001,"
                    + " 12345678901234567890.123456789, -12345678901234567890.0123456789, 3.14, 'Infinity',"
                    + " E'quote \" comma , \\\\ newline\\n東京 🎉', '', 'ab', 'a_name', '{\"a\": [1, \"x\"]}',"
                    + " '{\"b\": {\"c\": null}}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\x00ff2c0a',"
                    + " '0044-03-15 BC', '24:00:00', '2024-02-29 23:59:59.999', '1999-12-31 23:59:59.999999+00'),"
                    + " (2, false, 32767, 2147483647, 9223372036854775807, 0, -0.5, -0.000001, 10000, '-Infinity',"
                    + " 'NaN', ' ', 'x', 'abcde', 'n', 'null', '[]', '00000000-0000-0000-0000-000000000000', '\\x',"
                    + " 'infinity', '00:00:00', '-infinity', 'infinity'),"
                    + " (3, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,"
                    + " null, null, null, null, null, null, null)");
        }
        Files.writeString(
                project.resolve("extract/kinds.yaml"),
                """
                connection_info:
                  user: APP_DB_USER
                  host: APP_DB_HOST
                  database: APP_DB_NAME
                  port: APP_DB_PORT
                tables:
                  kinds:
                    import_db: APP_DB
                    import_query: SELECT * FROM %1$s.kinds
                    export_table: kinds
                    export_table_primary_key: id
                  kinds_csv:
                    import_db: APP_DB
                    import_query: SELECT * FROM %1$s.kinds
                    export_table: kinds_csv
                    export_table_primary_key: id
                """
                        .formatted(source));

        // A query of these types is read by binary COPY into Arrow batches; switched off, as CSV.
        assertThat(opened(source + ".kinds")).isInstanceOf(PostgresBinaryRows.class);
        run("extract/kinds.yaml", "kinds");
        WarehouseUnderTest.withoutArrowBatches(() -> {
            assertThat(opened(source + ".kinds")).isInstanceOf(PostgresCsvRows.class);
            run("extract/kinds.yaml", "kinds_csv");
        });

        String values = "select cast(columns(* exclude (_uploaded_at, _weir_run_id)) as varchar) from ";
        List<List<Object>> binary = warehouse
                .query(values + warehouse.raw("app_db_kinds") + " order by id")
                .rows();
        assertThat(binary).hasSize(3);
        assertThat(binary.get(0))
                .containsExactly(
                        "1",
                        "true",
                        "-32768",
                        "-2147483648",
                        "-9223372036854775808",
                        "-1234567890.12",
                        "0.00000001",
                        binary.get(0).get(7),
                        "-12345678901234567890.0123456789",
                        "3.14",
                        "inf",
                        "quote \" comma , \\ newline\n東京 🎉",
                        "",
                        "ab   ",
                        "a_name",
                        "{\"a\": [1, \"x\"]}",
                        "{\"b\": {\"c\": null}}",
                        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                        "\\x00\\xFF,\\x0A",
                        "0044-03-15 (BC)",
                        "24:00:00",
                        "2024-02-29 23:59:59.999",
                        binary.get(0).get(22));
        assertThat((String) binary.get(0).get(7)).startsWith("12345678901234567890.123456789");
        assertThat(binary.get(2).subList(1, 23)).containsOnlyNulls();
        assertThat(warehouse
                        .query(values + warehouse.raw("app_db_kinds_csv") + " order by id")
                        .rows())
                .isEqualTo(binary);
        assertThat(warehouse
                        .query("select column_name, data_type from information_schema.columns where table_name"
                                + " in ('app_db_kinds', 'app_db_kinds_csv') group by all having count(*) < 2")
                        .rows())
                .as("columns of the same name and type")
                .isEmpty();
    }

    @Test
    void textThatIsNotUtf8AndATimestampPastDuckDbsFailTheTable() throws Exception {
        warehouse = WarehouseUnderTest.duckdb(project);
        // A database of no encoding keeps whatever bytes it is given; DuckDB's strings must be UTF-8.
        String database = source.toLowerCase(java.util.Locale.ROOT) + "_ascii";
        try (Connection connection = DriverManager.getConnection(TestWarehouses.postgresUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + database + " encoding 'SQL_ASCII' template template0"
                    + " lc_collate 'C' lc_ctype 'C'");
        }
        try {
            String url = TestWarehouses.postgresUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                statement.execute("create table notes (id int primary key, body text)");
                statement.execute("insert into notes values (1, 'plain'), (2, convert_from('\\x61ff62', 'SQL_ASCII'))");
                statement.execute("create table late (id int primary key, at timestamp)");
                statement.execute("insert into late values (1, '2024-05-01'), (2, '294270-01-01 00:00:00')");
            }
            Files.writeString(
                    project.resolve("extract/ascii.yaml"),
                    """
                    connection_info:
                      user: APP_DB_USER
                      host: APP_DB_HOST
                      database: APP_DB_NAME
                      port: APP_DB_PORT
                    tables:
                      notes:
                        import_db: APP_DB
                        import_query: SELECT * FROM notes ORDER BY id
                        export_table: notes
                        export_table_primary_key: id
                      late:
                        import_db: APP_DB
                        import_query: SELECT * FROM late ORDER BY id
                        export_table: late
                        export_table_primary_key: id
                    """);

            // The server itself refuses to send such text as UTF-8; the table is left as it was.
            assertThatThrownBy(() -> run("extract/ascii.yaml", "notes", database))
                    .hasMessageContaining("Reading table notes of extract/ascii.yaml failed after 1 rows")
                    .hasMessageContaining("invalid byte sequence for encoding \"UTF8\": 0xff")
                    .hasMessageContaining("is unchanged");
            assertThatThrownBy(() -> run("extract/ascii.yaml", "late", database))
                    .hasMessageContaining("Column at of table late of extract/ascii.yaml holds a timestamp later than"
                            + " DuckDB's timestamps reach (294247) in row 2");
        } finally {
            try (Connection connection = DriverManager.getConnection(TestWarehouses.postgresUrl());
                    Statement statement = connection.createStatement()) {
                statement.execute("drop database if exists " + database + " with (force)");
            }
        }
    }

    /** How the rows of {@code table} are read for a DuckDB warehouse. */
    private static Object opened(String table) throws Exception {
        try (Connection connection = DriverManager.getConnection(TestWarehouses.postgresUrl());
                SourceRows rows = SourceRows.open(
                        connection,
                        SourceDriver.POSTGRESQL,
                        "SELECT * FROM " + table,
                        io.weir.warehouse.WarehouseType.DUCKDB,
                        () -> false,
                        "table " + table,
                        null,
                        table)) {
            return rows.rows();
        }
    }

    private void run(String manifest, String table) {
        run(manifest, table, null);
    }

    /** Runs {@code table} of {@code manifest} from {@code database}, or from the tests' database when null. */
    private void run(String manifest, String table, String database) {
        Map<String, String> environment = new HashMap<>(PostgresSource.variables("APP_DB"));
        environment.put("APP_DB_NAME", environment.remove("APP_DB_DB"));
        if (database != null) {
            environment.put("APP_DB_NAME", database);
        }
        new ExtractDatabaseTaskType()
                .execute(new TaskTry(
                                table,
                                Map.of(
                                        "manifest",
                                        manifest,
                                        "tables",
                                        List.of(table),
                                        "target_schema",
                                        warehouse.rawSchema()),
                                project,
                                TaskTry.day("2024-05-01"),
                                warehouse.environment(environment))
                        .inDag("extract_shop"));
    }

    private void run() {
        Map<String, String> environment = new HashMap<>(PostgresSource.variables("APP_DB"));
        environment.put("APP_DB_NAME", environment.remove("APP_DB_DB"));
        new ExtractDatabaseTaskType()
                .execute(new TaskTry(
                                "orders",
                                Map.of("manifest", "extract/edges.yaml", "target_schema", warehouse.rawSchema()),
                                project,
                                TaskTry.day("2024-05-01"),
                                warehouse.environment(environment))
                        .inDag("extract_shop"));
    }

    private List<List<String>> rows(String columns) {
        List<List<String>> rows = new ArrayList<>();
        for (List<Object> row : warehouse
                .query(columns + " from " + warehouse.raw("app_db_edges") + " order by id")
                .rows()) {
            rows.add(row.stream()
                    .map(value -> value == null ? null : value.toString())
                    .toList());
        }
        return rows;
    }

    /** The second row: its values (nulls among them), then the length of its long body. */
    private static List<String> nulls(String... values) {
        List<String> row = new ArrayList<>(Arrays.asList(values));
        row.add(String.valueOf(LONG_TEXT));
        return row;
    }
}

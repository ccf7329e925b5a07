package io.weir.extract.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.extract.testing.TaskTry;
import io.weir.warehouse.WarehouseType;
import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** extract.database from the real MariaDB server into DuckDB and PostgreSQL warehouses. */
class MariaDbSourceIT {
    @TempDir
    Path project;

    private String database;
    private WarehouseUnderTest warehouse;

    @BeforeEach
    void createSource() throws Exception {
        assumeTrue(TestMariaDb.available());
        database = "wt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql(
                "create database " + database,
                "create table " + database + ".orders (id int primary key, flag tinyint(1), small smallint,"
                        + " big bigint, huge bigint unsigned, price decimal(12,3), ratio double, name varchar(30),"
                        + " body text, day date, clock time, local_ts datetime(6), doc json, payload blob,"
                        + " updated_at datetime not null) character set utf8mb4",
                "insert into " + database + ".orders values (1, 1, 7, 9000000000, 18446744073709551615, 123456789.125,"
                        + " 0.25, 'Zoë', 'a \"quoted\", 東京\\nline', '2024-02-29', '23:59:58',"
                        + " '2024-05-01 12:30:15.123456', '{\"a\": 1}', x'0001ff', '2024-05-01 06:00:00')",
                "insert into " + database + ".orders (id, updated_at) values (2, '2024-05-01 07:00:00')",
                "insert into " + database + ".orders (id, updated_at) values (3, '2024-05-02 07:00:00')");
        Files.createDirectories(project.resolve("extract"));
        Files.writeString(
                project.resolve("extract/shop.yaml"),
                """
                connection_info:
                  driver: mariadb
                  user: SHOP_DB_USER
                  host: SHOP_DB_HOST
                  database: SHOP_DB_NAME
                  port: SHOP_DB_PORT
                tables:
                  orders:
                    import_db: SHOP_DB
                    import_query: >
                      SELECT * FROM orders
                      WHERE updated_at >= '{BEGIN_TIMESTAMP}' AND updated_at < '{END_TIMESTAMP}'
                    export_table: orders
                    export_table_primary_key: id
                """);
    }

    @AfterEach
    void dropSource() throws Exception {
        if (database != null) {
            sql("drop database if exists " + database);
        }
        if (warehouse != null) {
            warehouse.dropSchemas();
        }
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(TestMariaDb.url());
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private TaskResult run(String day, Map<String, String> variables) {
        return run("extract/shop.yaml", day, variables);
    }

    private TaskResult run(String manifest, String day, Map<String, String> variables) {
        return run(Map.of("manifest", manifest), day, variables);
    }

    private TaskResult run(Map<String, Object> task, String day, Map<String, String> variables) {
        return new ExtractDatabaseTaskType().execute(context(task, day, variables));
    }

    private TaskTry context(Map<String, Object> task, String day, Map<String, String> variables) {
        Map<String, Object> params = new HashMap<>(task);
        params.put("target_schema", warehouse.rawSchema());
        Map<String, String> environment = new HashMap<>(Map.of(
                "SHOP_DB_USER", "root", "SHOP_DB_HOST", "127.0.0.1", "SHOP_DB_NAME", database, "SHOP_DB_PORT", "3306"));
        environment.putAll(variables);
        return new TaskTry("orders", params, project, TaskTry.day(day), warehouse.environment(environment))
                .inDag("extract_shop");
    }

    /** Writes a manifest of one table read by {@code query}, with {@code keys} (each a "key: value") added to it. */
    private void manifest(String file, String table, String query, String... keys) throws Exception {
        Files.writeString(
                project.resolve(file),
                """
                connection_info:
                  driver: mariadb
                  user: SHOP_DB_USER
                  host: SHOP_DB_HOST
                  database: SHOP_DB_NAME
                  port: SHOP_DB_PORT
                tables:
                  %s:
                    import_db: SHOP_DB
                    import_query: %s
                    export_table: %s
                    export_table_primary_key: id
                """
                                .formatted(table, query, table)
                        + Arrays.stream(keys).map(key -> "    " + key + "\n").collect(Collectors.joining()));
    }

    @Test
    void everyTypeLandsFaithfullyInDuckDb() {
        warehouse = WarehouseUnderTest.duckdb(project);
        everyTypeLandsFaithfully();
    }

    @Test
    void everyTypeLandsFaithfullyInPostgres() throws Exception {
        assumeTrue(TestWarehouses.postgresAvailable());
        warehouse = WarehouseUnderTest.postgres(project);
        everyTypeLandsFaithfully();
    }

    private void everyTypeLandsFaithfully() {
        TaskResult first = run("2024-05-01", Map.of());
        TaskResult result = run("2024-05-01", Map.of());

        assertThat(result.xcom())
                .isEqualTo(Map.of(
                        "table", warehouse.raw("shop_db_orders"), "record_count", 2L, "load_type", "incremental"));
        assertThat(first.xcom())
                .isEqualTo(Map.of("table", warehouse.raw("shop_db_orders"), "record_count", 2L, "load_type", "sync"));
        boolean postgres = warehouse.type() == WarehouseType.POSTGRES;
        String payload = postgres ? "encode(payload, 'hex')" : "lower(hex(payload))";
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : warehouse
                .query("select cast(flag as varchar), small, big, cast(huge as varchar),"
                        + " cast(price as varchar), ratio, name, body, cast(day as varchar), cast(clock as varchar),"
                        + " cast(local_ts as varchar), cast(doc as varchar), " + payload
                        + " from " + warehouse.raw("shop_db_orders") + " order by id")
                .rows()) {
            rows.add(row.stream()
                    .map(value -> value == null ? null : (Object) value.toString())
                    .toList());
        }
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0))
                .containsExactly(
                        "true",
                        "7",
                        "9000000000",
                        "18446744073709551615",
                        "123456789.125",
                        "0.25",
                        "Zoë",
                        "a \"quoted\", 東京\nline",
                        "2024-02-29",
                        "23:59:58",
                        "2024-05-01 12:30:15.123456",
                        postgres ? "{\"a\": 1}" : "{\"a\": 1}",
                        "0001ff");
        assertThat(rows.get(1)).containsOnlyNulls();
    }

    @Test
    void aMissingTableFailsPermanentlyNamingTheSourceMessage() throws Exception {
        warehouse = WarehouseUnderTest.duckdb(project);
        sql("drop table " + database + ".orders");

        assertThatThrownBy(() -> run("2024-05-01", Map.of()))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.retryable())
                        .isFalse())
                .hasMessageContaining(
                        "Extracting table orders of extract/shop.yaml from the mariadb database " + database)
                .hasMessageContaining("doesn't exist");
    }

    @Test
    void everyValueReachesDuckDbAsTheTextTheServerSent() throws Exception {
        warehouse = WarehouseUnderTest.duckdb(project);
        createEdges();
        manifest("extract/edges.yaml", "edges", "SELECT * FROM edges", "advanced_metadata: true");

        run("extract/edges.yaml", "2024-05-01", Map.of());

        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : warehouse
                .query("select cast(flag as varchar), cast(bit1 as varchar), mask, tiny, medium, born, real_, kind,"
                        + " tags, code, note, body, cast(day as varchar), cast(stamp as varchar),"
                        + " cast(local_ts as varchar), cast(clock as varchar), lower(hex(payload)),"
                        + " cast(amount as varchar), uuid_text from " + warehouse.raw("shop_db_edges") + " order by id")
                .rows()) {
            rows.add(row.stream()
                    .map(value -> value == null ? null : (Object) value.toString())
                    .toList());
        }
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0))
                .containsExactly(
                        "true",
                        "true",
                        "165",
                        "255",
                        "-8388608",
                        "2024",
                        "1.5",
                        "b",
                        "x,y",
                        "abc",
                        "",
                        "comma, \"quote\"\r\nline \\ 🎉 東京",
                        null,
                        "2024-05-01 06:00:00.125",
                        null,
                        "12:34:56.78",
                        "2c220a00ff",
                        "-12345678901234567890.0123456789",
                        "a");
        assertThat(rows.get(1))
                .containsExactly(
                        "false",
                        "false",
                        "0",
                        "0",
                        "0",
                        "1901",
                        "-0.25",
                        "a",
                        "",
                        "",
                        " ",
                        "NULL",
                        "1000-01-01",
                        "2000-01-01 00:00:01",
                        "9999-12-31 23:59:59",
                        "00:00:00",
                        "",
                        "0.0000000000",
                        "\"");
        assertThat(rows.get(2)).containsOnlyNulls();
        assertThat(warehouse
                        .query("select distinct _task_instance from " + warehouse.raw("shop_db_edges"))
                        .rows())
                .containsExactly(List.of("extract_shop__orders__20240501"));
    }

    @Test
    void packetsAndTheDriversValuesLoadTheSameTable() throws Exception {
        warehouse = WarehouseUnderTest.duckdb(project);
        createEdges();
        // Values long enough for each size encoding of the protocol: one byte, two bytes and three bytes.
        String query = "SELECT e.*, repeat('é,\\\"', 30000) AS big, repeat('x', 300) AS mid FROM edges e";
        manifest("extract/edges.yaml", "edges", query, "advanced_metadata: true");
        manifest("extract/edges_driver.yaml", "edges_driver", query, "advanced_metadata: true");

        run("extract/edges.yaml", "2024-05-01", Map.of());
        WarehouseUnderTest.withoutArrowBatches(() -> {
            run("extract/edges_driver.yaml", "2024-05-01", Map.of());
        });

        String columns = "* exclude (_uploaded_at, _weir_run_id)";
        List<List<Object>> packets = warehouse
                .query("select " + columns + " from " + warehouse.raw("shop_db_edges") + " order by id")
                .rows();
        assertThat(packets).hasSize(3);
        assertThat(packets.get(0)).contains(42L, "x".repeat(300), "é,\"".repeat(30000));
        assertThat(warehouse
                        .query("select " + columns + " from " + warehouse.raw("shop_db_edges_driver") + " order by id")
                        .rows())
                .isEqualTo(packets);
        assertThat(warehouse
                        .query("select column_name, data_type from information_schema.columns where table_name in"
                                + " ('shop_db_edges', 'shop_db_edges_driver') group by all having count(*) < 2")
                        .rows())
                .as("columns of the same name and type")
                .isEmpty();
    }

    @Test
    void theDriverKeepsEachRowsPacketWhereWeirReadsIt() throws Exception {
        createEdges();
        // Were the driver to stop keeping a row's packet where Weir looks, MariaDB rows would be read value by value,
        // the same but several times slower.
        try (Connection connection = DriverManager.getConnection(TestMariaDb.url());
                SourceRows rows = SourceRows.open(
                        connection,
                        SourceDriver.MARIADB,
                        "SELECT * FROM " + database + ".edges",
                        WarehouseType.DUCKDB,
                        () -> false,
                        "table edges",
                        null,
                        "edges")) {
            assertThat(rows.rows()).isInstanceOf(MariaDbPacketRows.class);
        }
    }

    private void createEdges() throws SQLException {
        sql(
                "set session sql_mode = ''",
                "create table " + database + ".edges (id int primary key, flag tinyint(1), bit1 bit(1), mask bit(8),"
                        + " tiny tinyint unsigned, medium mediumint, born year, real_ float, kind enum('a','b'),"
                        + " tags set('x','y'), code char(3), note varchar(40), body longtext, day date,"
                        + " stamp timestamp(3) null, local_ts datetime, clock time(2), payload varbinary(8),"
                        + " amount decimal(30,10), uuid_text varchar(36), zf int(8) zerofill) character set utf8mb4",
                "insert into " + database + ".edges values (1, 1, b'1', b'10100101', 255, -8388608, 2024, 1.5, 'b',"
                        + " 'x,y', 'abc', '', 'comma, \\\"quote\\\"\\r\\nline \\\\ 🎉 東京', '0000-00-00',"
                        + " '2024-05-01 06:00:00.125', '0000-00-00 00:00:00', '12:34:56.78', x'2c220a00ff',"
                        + " -12345678901234567890.0123456789, 'a', 42)",
                "insert into " + database + ".edges values (2, 0, b'0', b'0', 0, 0, 1901, -0.25, 'a', '', ' ',"
                        + " ' ', 'NULL', '1000-01-01', '2000-01-01 00:00:01', '9999-12-31 23:59:59', '00:00:00',"
                        + " x'', 0, '\\\"', 0)",
                "insert into " + database + ".edges (id) values (3)");
    }

    @Test
    void aConnectionKilledMidExtractFailsRetryableAndLeavesRawUnchanged() throws Exception {
        warehouse = WarehouseUnderTest.duckdb(project);
        manifest(
                "extract/numbers.yaml",
                "numbers",
                "SELECT seq AS id, concat('row ', seq) AS name FROM seq_1_to_{ROWS}");
        run("extract/numbers.yaml", "2024-05-01", Map.of("ROWS", "10"));
        CompletableFuture<Integer> killer = CompletableFuture.supplyAsync(() -> {
            try (Connection connection = DriverManager.getConnection(TestMariaDb.url());
                    Statement statement = connection.createStatement()) {
                for (int i = 0; i < 400; i++) {
                    try (ResultSet results = statement.executeQuery("select id from information_schema.processlist"
                            + " where info like '%seq_1_to_5000000%' and info not like '%weir_columns%'"
                            + " and id <> connection_id()")) {
                        if (results.next()) {
                            statement.execute("kill " + results.getLong(1));
                            return 1;
                        }
                    }
                    Thread.sleep(25);
                }
                return 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThatThrownBy(() -> run(
                        Map.of("manifest", "extract/numbers.yaml", "source_retries", 0),
                        "2024-05-01",
                        Map.of("ROWS", "5000000")))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.retryable())
                        .isTrue())
                .hasMessageContaining("Extracting table numbers of extract/numbers.yaml from the mariadb database")
                .hasMessageContaining(warehouse.raw("shop_db_numbers") + " is unchanged");
        assertThat(killer.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(warehouse
                        .query("select count(*) from " + warehouse.raw("shop_db_numbers"))
                        .rows()
                        .get(0))
                .containsExactly(10L);
    }

    @Test
    void aTimeOutsideOneDayFailsNamingTheColumnAndRowIntoDuckDb() throws Exception {
        warehouse = WarehouseUnderTest.duckdb(project);
        aTimeOutsideOneDayFailsNamingTheColumnAndRow();
    }

    @Test
    void aTimeOutsideOneDayFailsNamingTheColumnAndRowIntoPostgres() throws Exception {
        assumeTrue(TestWarehouses.postgresAvailable());
        warehouse = WarehouseUnderTest.postgres(project);
        aTimeOutsideOneDayFailsNamingTheColumnAndRow();
    }

    /** MariaDB's time is a duration; the driver would wrap 100:00:00 into 04:00. */
    private void aTimeOutsideOneDayFailsNamingTheColumnAndRow() throws Exception {
        sql(
                "create table " + database + ".spans (id int primary key, span time)",
                "insert into " + database + ".spans values (1, '12:00:00'), (2, '100:00:00')");
        manifest("extract/spans.yaml", "spans", "SELECT * FROM spans ORDER BY id");

        assertThatThrownBy(() -> run(Map.of("manifest", "extract/spans.yaml"), "2024-05-01", Map.of()))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.retryable())
                        .isFalse())
                .hasMessageContaining("Column span of table spans of extract/spans.yaml holds '100:00:00' in row 2,"
                        + " which is not a time of day (00:00:00 to 23:59:59); cast it in the import_query")
                .hasMessageContaining(warehouse.raw("shop_db_spans") + " is unchanged");
        assertThat(warehouse
                        .query("select count(*) from information_schema.tables where table_name like"
                                + " 'shop_db_spans%' and table_schema = '" + warehouse.rawSchema() + "'")
                        .rows()
                        .get(0))
                .containsExactly(0L);
    }

    @Test
    void aDateWithAZeroDayFailsNamingTheColumnAndRow() throws Exception {
        warehouse = WarehouseUnderTest.duckdb(project);
        sql(
                "set session sql_mode = ''",
                "create table " + database + ".days (id int primary key, day date, stamp datetime)",
                "insert into " + database + ".days values (1, '0000-00-00', '0000-00-00 00:00:00'),"
                        + " (2, '2024-05-01', '2024-05-00 10:00:00')");
        manifest("extract/days.yaml", "days", "SELECT * FROM days ORDER BY id");

        assertThatThrownBy(() -> run(Map.of("manifest", "extract/days.yaml"), "2024-05-01", Map.of()))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.retryable())
                        .isFalse())
                .hasMessageContaining("Column stamp of table days of extract/days.yaml holds '2024-05-00 10:00:00'"
                        + " in row 2, which has a zero month or day; cast it in the import_query");
    }

    @Test
    void aDateThatIsNoDayOfTheCalendarFailsNamingTheColumnAndRow() throws Exception {
        warehouse = WarehouseUnderTest.duckdb(project);
        sql(
                "set session sql_mode = 'ALLOW_INVALID_DATES'",
                "create table " + database + ".days (id int primary key, day date)",
                "insert into " + database + ".days values (1, '2024-02-29'), (2, '2023-02-29')");
        manifest("extract/days.yaml", "days", "SELECT * FROM days ORDER BY id");

        assertThatThrownBy(() -> run(Map.of("manifest", "extract/days.yaml"), "2024-05-01", Map.of()))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.retryable())
                        .isFalse())
                .hasMessageContaining("Column day of table days of extract/days.yaml holds '2023-02-29' in row 2,"
                        + " which is not a valid date; cast it in the import_query");
    }

    @Test
    void aSyncOfOneRangeLeavesOutRowsWithoutAKeyAsEveryRangeDoes() throws Exception {
        warehouse = WarehouseUnderTest.duckdb(project);
        sql(
                "create table " + database + ".keyless (id int, name varchar(10))",
                "insert into " + database + ".keyless values (1, 'one'), (null, 'none'), (2, 'two')");
        manifest("extract/keyless.yaml", "keyless", "SELECT * FROM keyless", "load_type: sync");

        run(Map.of("manifest", "extract/keyless.yaml"), "2024-05-01", Map.of());

        assertThat(warehouse
                        .query("select id, name from " + warehouse.raw("shop_db_keyless") + " order by id")
                        .rows())
                .containsExactly(List.of(1, "one"), List.of(2, "two"));
    }

    @Test
    void theEndsOfBigintAndKeysPastALongLandWhole() throws Exception {
        warehouse = WarehouseUnderTest.duckdb(project);
        sql(
                "create table " + database + ".ends (id bigint unsigned primary key, small bigint, big bigint)",
                "insert into " + database + ".ends values (1, -9223372036854775808, 9223372036854775807),"
                        + " (18446744073709551615, null, 0)");
        manifest("extract/ends.yaml", "ends", "SELECT * FROM ends");

        run(Map.of("manifest", "extract/ends.yaml"), "2024-05-01", Map.of());

        assertThat(warehouse
                        .query("select cast(id as varchar), small, big from " + warehouse.raw("shop_db_ends")
                                + " order by id")
                        .rows())
                .containsExactly(
                        List.of("1", Long.MIN_VALUE, Long.MAX_VALUE), Arrays.asList("18446744073709551615", null, 0L));
    }

    @Test
    void aReadCancelledMidwayEndsAtOnceWithoutReadingTheRest() throws Exception {
        warehouse = WarehouseUnderTest.duckdb(project);
        // A hundred million rows: reading them all would take minutes, and to close the statement the driver would
        // first keep every remaining one in memory.
        manifest("extract/many.yaml", "many", "SELECT seq AS id, concat('row ', seq) AS name FROM seq_1_to_100000000");
        TaskTry context = context(Map.of("manifest", "extract/many.yaml"), "2024-05-01", Map.of());
        context.cancelledWhen(() -> context.lines.stream().anyMatch(line -> line.contains("rows so far")));
        long started = System.nanoTime();

        assertThatThrownBy(() -> new ExtractDatabaseTaskType().execute(context))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> {
                    assertThat(failure.getMessage())
                            .startsWith("Extracting table many of extract/many.yaml was cancelled after ")
                            .contains(" rows read; ")
                            .endsWith(warehouse.raw("shop_db_many") + " is unchanged");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void rowsLeftUnreadCutTheConnectionWhileRowsReadToTheEndKeepIt() throws Exception {
        String many = "SELECT seq AS id, concat('row ', seq) AS name FROM seq_1_to_100000000";
        try (Connection connection = DriverManager.getConnection(TestMariaDb.url())) {
            try (SourceRows rows = SourceRows.open(
                    connection,
                    SourceDriver.MARIADB,
                    many,
                    WarehouseType.POSTGRES,
                    () -> false,
                    "table many",
                    null,
                    "many")) {
                assertThat(rows.rows().next(new Object[2])).isTrue();
            }
            // To close the statement the driver would otherwise first read every other row into memory.
            assertThat(connection.isValid(2)).isFalse();
        }
        try (Connection connection = DriverManager.getConnection(TestMariaDb.url())) {
            try (SourceRows rows = SourceRows.open(
                    connection,
                    SourceDriver.MARIADB,
                    "SELECT seq AS id FROM seq_1_to_10",
                    WarehouseType.POSTGRES,
                    () -> false,
                    "table few",
                    null,
                    "few")) {
                int read = 0;
                while (rows.rows().next(new Object[1])) {
                    read++;
                }
                assertThat(read).isEqualTo(10);
            }
            // A sync reads its next range on the same connection.
            assertThat(connection.isValid(2)).isTrue();
        }
    }
}

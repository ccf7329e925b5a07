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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** extract.database from the real PostgreSQL server into DuckDB and PostgreSQL warehouses. */
class PostgresSourceIT {
    @TempDir
    Path project;

    private String source;
    private WarehouseUnderTest warehouse;

    @BeforeEach
    void createSource() throws Exception {
        assumeTrue(TestWarehouses.postgresAvailable());
        source = TestWarehouses.uniqueSchema() + "_src";
        sql(
                "create schema " + source,
                "create table " + source + ".everything (id int primary key, flag boolean, small smallint, big bigint,"
                        + " price numeric(20,6), bare numeric, ratio double precision, single real, name varchar(30),"
                        + " body text, day date, clock time, local_ts timestamp, instant timestamptz, doc jsonb,"
                        + " tags text[], nums int[], uid uuid, address inet, payload bytea,"
                        + " updated_at timestamp not null)",
                "insert into " + source + ".everything values (1, true, 7, 9000000000, 12345678901234.123456,"
                        + " 3.14159265358979, 0.25, 1.5, 'Zoë', E'a \"quoted\", 東京\\nline', '2024-02-29',"
                        + " '23:59:58', '2024-05-01 12:30:15.123456', '2024-05-01 12:00:00+02', '{\"a\": 1}',"
                        + " '{x,\"y z\"}', '{1,2}', '1b4e28ba-2fa1-11d2-883f-0016d3cca427', '192.168.0.1',"
                        + " '\\x0001ff', '2024-05-01 06:00:00')",
                "insert into " + source + ".everything (id, updated_at) values (2, '2024-05-01 07:00:00')",
                "create table " + source + ".edges (id int primary key, small smallint, amount numeric(10,2),"
                        + " body text, blank text, day date, clock time, instant timestamptz, payload bytea)",
                "insert into " + source + ".edges values (1, -7, -12.50, E'tab\\there\\\\back \\\\N\\nnew', '',"
                        + " '1999-12-31', '00:00:00.000001', '2024-05-01 12:00:00.5+05:30', '\\x5c0a00')");
        Files.createDirectories(project.resolve("extract"));
        Files.writeString(
                project.resolve("extract/app.yaml"),
                """
                connection_info:
                  user: APP_DB_USER
                  host: APP_DB_HOST
                  database: APP_DB_NAME
                  port: APP_DB_PORT
                tables:
                  everything:
                    import_db: APP_DB
                    import_query: >
                      SELECT * FROM %1$s.everything
                      WHERE updated_at >= '{BEGIN_TIMESTAMP}'::timestamp AND updated_at < '{END_TIMESTAMP}'::timestamp
                    export_schema: app
                    export_table: everything
                    export_table_primary_key: id
                  scalars:
                    import_db: APP_DB
                    import_query: >
                      SELECT id, flag, small, big, price, bare, ratio, single, name, body, day, clock, local_ts,
                      instant, doc, uid, address, payload, updated_at FROM %1$s.everything;
                    export_table: scalars
                    export_table_primary_key: id
                  edges:
                    import_db: APP_DB
                    import_query: SELECT * FROM %1$s.edges -- every value that COPY text escapes
                    export_table: edges
                    export_table_primary_key: id
                    advanced_metadata: true
                  numbers:
                    import_db: APP_DB
                    import_query: SELECT g AS id, md5(g::text) AS name FROM generate_series(1, {ROWS}) g
                    export_table: numbers
                    export_table_primary_key: id
                """
                        .formatted(source));
    }

    @AfterEach
    void dropSource() throws Exception {
        if (source != null) {
            TestWarehouses.dropPostgresSchemas(source);
        }
        if (warehouse != null) {
            warehouse.dropSchemas();
        }
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(TestWarehouses.postgresUrl());
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private TaskResult run(Map<String, Object> extra, Map<String, String> variables) {
        return new ExtractDatabaseTaskType().execute(context(extra, variables));
    }

    private TaskTry context(Map<String, Object> extra, Map<String, String> variables) {
        Map<String, Object> params =
                new HashMap<>(Map.of("manifest", "extract/app.yaml", "target_schema", warehouse.rawSchema()));
        params.putAll(extra);
        Map<String, String> environment = new HashMap<>(PostgresSource.variables("APP_DB"));
        environment.put("APP_DB_NAME", environment.remove("APP_DB_DB"));
        environment.putAll(variables);
        return new TaskTry("orders", params, project, TaskTry.day("2024-05-01"), warehouse.environment(environment))
                .inDag("extract_shop");
    }

    @Test
    void everyTypeLandsFaithfullyInDuckDb() {
        warehouse = WarehouseUnderTest.duckdb(project);
        everyTypeLandsFaithfully();
    }

    @Test
    void everyTypeLandsFaithfullyInPostgres() throws Exception {
        warehouse = WarehouseUnderTest.postgres(project);
        everyTypeLandsFaithfully();
    }

    private void everyTypeLandsFaithfully() {
        TaskResult result = run(Map.of("tables", "everything"), Map.of());

        assertThat(result.xcom())
                .isEqualTo(
                        Map.of("table", warehouse.raw("app_db_everything"), "record_count", 2L, "load_type", "sync"));
        boolean postgres = warehouse.type() == WarehouseType.POSTGRES;
        String instant = postgres
                ? "to_char(instant at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
                : "strftime(timezone('UTC', instant), '%Y-%m-%d %H:%M:%S')";
        String payload = postgres ? "encode(payload, 'hex')" : "lower(hex(payload))";
        String address = postgres ? "host(address)" : "address";
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : warehouse
                .query("select cast(flag as varchar), small, big, cast(price as varchar),"
                        + " cast(bare as varchar), ratio, single, name, body, cast(day as varchar), cast(clock as varchar),"
                        + " cast(local_ts as varchar), " + instant
                        + ", cast(doc -> 'a' as varchar), cast(tags as varchar),"
                        + " cast(nums as varchar), cast(uid as varchar), " + address + ", " + payload
                        + " from " + warehouse.raw("app_db_everything") + " order by id")
                .rows()) {
            rows.add(row.stream()
                    .map(value -> value == null ? null : (Object) value.toString())
                    .toList());
        }
        assertThat(rows.get(0))
                .containsExactly(
                        "true",
                        "7",
                        "9000000000",
                        "12345678901234.123456",
                        postgres ? "3.14159265358979" : "3.1415926536",
                        "0.25",
                        "1.5",
                        "Zoë",
                        "a \"quoted\", 東京\nline",
                        "2024-02-29",
                        "23:59:58",
                        "2024-05-01 12:30:15.123456",
                        "2024-05-01 10:00:00",
                        "1",
                        postgres ? "[\"x\", \"y z\"]" : "[\"x\",\"y z\"]",
                        postgres ? "[1, 2]" : "[1,2]",
                        "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
                        "192.168.0.1",
                        "0001ff");
        assertThat(rows.get(1)).containsOnlyNulls();
    }

    @Test
    void valuesReadByCopyLandFaithfullyInDuckDb() {
        warehouse = WarehouseUnderTest.duckdb(project);
        valuesReadByCopyLandFaithfully();
    }

    @Test
    void valuesReadByCopyLandFaithfullyInPostgres() throws Exception {
        warehouse = WarehouseUnderTest.postgres(project);
        valuesReadByCopyLandFaithfully();
    }

    /** Tables without arrays are read by COPY: PostgreSQL copies its lines, DuckDB reads their values. */
    private void valuesReadByCopyLandFaithfully() {
        TaskResult scalars = run(Map.of("tables", "scalars"), Map.of());
        TaskResult edges = run(Map.of("tables", "edges"), Map.of());

        assertThat(scalars.xcom())
                .isEqualTo(Map.of("table", warehouse.raw("app_db_scalars"), "record_count", 2L, "load_type", "scd"));
        assertThat(edges.xcom())
                .isEqualTo(Map.of("table", warehouse.raw("app_db_edges"), "record_count", 1L, "load_type", "scd"));
        boolean postgres = warehouse.type() == WarehouseType.POSTGRES;
        String instant = postgres
                ? "to_char(instant at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')"
                : "strftime(timezone('UTC', instant), '%Y-%m-%d %H:%M:%S.%g')";
        String payload = postgres ? "encode(payload, 'hex')" : "lower(hex(payload))";
        String address = postgres ? "host(address)" : "address";
        List<List<String>> rows = strings("select cast(flag as varchar), small, big, cast(price as varchar),"
                + " cast(bare as varchar), ratio, single, name, body, cast(day as varchar), cast(clock as varchar),"
                + " cast(local_ts as varchar), " + instant + ", cast(doc -> 'a' as varchar), cast(uid as varchar), "
                + address + ", " + payload + ", typeof_price from (select *, " + (postgres ? "pg_typeof" : "typeof")
                + "(price)::varchar as typeof_price from " + warehouse.raw("app_db_scalars") + ") s order by id");
        assertThat(rows.get(0))
                .containsExactly(
                        "true",
                        "7",
                        "9000000000",
                        "12345678901234.123456",
                        postgres ? "3.14159265358979" : "3.1415926536",
                        "0.25",
                        "1.5",
                        "Zoë",
                        "a \"quoted\", 東京\nline",
                        "2024-02-29",
                        "23:59:58",
                        "2024-05-01 12:30:15.123456",
                        "2024-05-01 10:00:00.000",
                        "1",
                        "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
                        "192.168.0.1",
                        "0001ff",
                        postgres ? "numeric" : "DECIMAL(20,6)");
        assertThat(rows.get(1).subList(0, 17)).containsOnlyNulls();
        assertThat(strings("select small, cast(amount as varchar), body, blank, cast(day as varchar),"
                        + " cast(clock as varchar), " + instant + ", " + payload + ", _task_instance from "
                        + warehouse.raw("app_db_edges")))
                .containsExactly(List.of(
                        "-7",
                        "-12.50",
                        "tab\there\\back \\N\nnew",
                        "",
                        "1999-12-31",
                        "00:00:00.000001",
                        "2024-05-01 06:30:00.500",
                        "5c0a00",
                        "extract_shop__orders__20240501"));
    }

    private List<List<String>> strings(String sql) {
        List<List<String>> rows = new ArrayList<>();
        for (List<Object> row : warehouse.query(sql).rows()) {
            rows.add(row.stream()
                    .map(value -> value == null ? null : value.toString())
                    .toList());
        }
        return rows;
    }

    @Test
    void aConnectionKilledMidExtractFailsRetryableAndLeavesRawUnchanged() throws Exception {
        warehouse = WarehouseUnderTest.duckdb(project);
        run(Map.of("tables", "numbers"), Map.of("ROWS", "10"));
        CompletableFuture<Integer> killer = CompletableFuture.supplyAsync(() -> {
            try {
                for (int i = 0; i < 400; i++) {
                    try (Connection connection = DriverManager.getConnection(TestWarehouses.postgresUrl());
                            Statement statement = connection.createStatement();
                            ResultSet results = statement.executeQuery("select count(pg_terminate_backend(pid))"
                                    + " from pg_stat_activity where application_name = 'weir extract'"
                                    + " and query like '%generate_series(1, 5000000)%'")) {
                        results.next();
                        if (results.getInt(1) > 0) {
                            return results.getInt(1);
                        }
                    }
                    Thread.sleep(25);
                }
                return 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThatThrownBy(() -> run(Map.of("tables", "numbers", "source_retries", 0), Map.of("ROWS", "5000000")))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.retryable())
                        .isTrue())
                .hasMessageContaining("Extracting table numbers of extract/app.yaml from the postgresql database")
                .hasMessageContaining("raw.tap_postgres.app_db_numbers is unchanged");
        assertThat(killer.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(warehouse
                        .query("select count(*) from raw.tap_postgres.app_db_numbers")
                        .rows()
                        .get(0))
                .containsExactly(10L);
    }

    @Test
    void aReadCancelledMidwayEndsAsACancelledExtractIntoDuckDb() {
        warehouse = WarehouseUnderTest.duckdb(project);
        aReadCancelledMidwayEndsAsACancelledExtract();
    }

    @Test
    void aReadCancelledMidwayEndsAsACancelledExtractIntoPostgres() throws Exception {
        warehouse = WarehouseUnderTest.postgres(project);
        aReadCancelledMidwayEndsAsACancelledExtract();
    }

    private void aReadCancelledMidwayEndsAsACancelledExtract() {
        TaskTry context = context(Map.of("tables", "numbers"), Map.of("ROWS", "2000000"));
        // Cancelled (as a timeout does) once the first rows have been loaded.
        context.cancelledWhen(() -> context.lines.stream().anyMatch(line -> line.contains("rows so far")));

        assertThatThrownBy(() -> new ExtractDatabaseTaskType().execute(context))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> {
                    assertThat(failure.getMessage())
                            .startsWith("Extracting table numbers of extract/app.yaml was cancelled after ")
                            .contains(" rows read; ")
                            .endsWith(".app_db_numbers is unchanged")
                            .doesNotContain("failed");
                    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                        assertThat(cause).isNotInstanceOf(IllegalStateException.class);
                    }
                });
    }

    @Test
    void aRefusedConnectionIsRetriedWithinTheTryThenFailsRetryable() {
        warehouse = WarehouseUnderTest.duckdb(project);
        TaskTry context = new TaskTry(
                        "orders",
                        Map.of("manifest", "extract/app.yaml", "tables", "numbers", "source_retries", 1),
                        project,
                        TaskTry.day("2024-05-01"),
                        Map.of(
                                "APP_DB_USER",
                                "postgres",
                                "APP_DB_HOST",
                                "127.0.0.1",
                                "APP_DB_NAME",
                                "test",
                                "APP_DB_PORT",
                                "1",
                                "ROWS",
                                "3"))
                .inDag("extract_shop");

        assertThatThrownBy(() -> new ExtractDatabaseTaskType().execute(context))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.retryable())
                        .isTrue())
                .hasMessageContaining("on 127.0.0.1:1 failed");
        assertThat(context.lines).anySatisfy(line -> assertThat(line).contains("attempt 1 of 2, retrying in 2.0 s"));
    }

    @Test
    void wrongCredentialsFailPermanentlyAtOnce() {
        warehouse = WarehouseUnderTest.duckdb(project);

        assertThatThrownBy(
                        () -> run(Map.of("tables", "numbers"), Map.of("APP_DB_USER", "no_such_weir_user", "ROWS", "3")))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.retryable())
                        .isFalse())
                .hasMessageContaining("no_such_weir_user");
    }
}

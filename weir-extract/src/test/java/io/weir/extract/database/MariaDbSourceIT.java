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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
        Map<String, Object> params = Map.of("manifest", "extract/shop.yaml", "target_schema", warehouse.rawSchema());
        Map<String, String> environment = new HashMap<>(Map.of(
                "SHOP_DB_USER", "root", "SHOP_DB_HOST", "127.0.0.1", "SHOP_DB_NAME", database, "SHOP_DB_PORT", "3306"));
        environment.putAll(variables);
        return new ExtractDatabaseTaskType()
                .execute(new TaskTry("orders", params, project, TaskTry.day(day), warehouse.environment(environment))
                        .inDag("extract_shop"));
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
}

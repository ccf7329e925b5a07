package io.weir.extract.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.warehouse.QueryResult;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.WarehouseTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** extract.database from a SQLite file into the project's embedded DuckDB warehouse, as the demo runs it. */
class SqliteExtractTest {
    @TempDir
    Path project;

    private static final String MANIFEST =
            """
            connection_info:
              database: SHOP_DB
              driver: sqlite
            tables:
              orders:
                import_db: SHOP_DB
                import_query: >
                  SELECT id, status, amount, paid, updated_at FROM orders
                  WHERE updated_at >= '{BEGIN_TIMESTAMP}' AND updated_at < '{END_TIMESTAMP}'
                export_schema: 'shop'
                export_table: 'orders'
                export_table_primary_key: id
                additional_filtering: AND id > 0
                advanced_metadata: false
              customers:
                import_db: SHOP_DB
                import_query: SELECT id, name FROM customers
                export_schema: 'shop'
                export_table: 'customers'
                export_table_primary_key: id
            """;

    @BeforeEach
    void createSource() throws Exception {
        Files.createDirectories(project.resolve("extract"));
        Files.writeString(project.resolve("extract/shop.yaml"), MANIFEST);
        sql(
                "create table orders (id integer primary key, status varchar(20), amount decimal(10,2), paid boolean,"
                        + " updated_at datetime)",
                "create table customers (id integer primary key, name text)",
                "insert into customers values (1, 'Ana'), (2, 'Zoë')");
        for (int day = 1; day <= 5; day++) {
            for (int n = 0; n < day; n++) {
                int id = day * 10 + n;
                sql("insert into orders values (" + id + ", 'new', " + id + ".25, " + (n % 2) + ", '2024-01-0" + day
                        + " 0" + n + ":30:00')");
            }
        }
    }

    private void sql(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + project.resolve("shop.db"));
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private TaskResult run(String day, Map<String, Object> extra) {
        Map<String, Object> params = new HashMap<>(Map.of("manifest", "extract/shop.yaml"));
        params.putAll(extra);
        TestContext context = new TestContext(params, project, TestContext.day(day), Map.of("SHOP_DB", "shop.db"));
        return new ExtractDatabaseTaskType().execute(context);
    }

    private QueryResult query(String sql) {
        WarehouseTarget target = WarehouseSettings.of(
                        project, io.weir.core.project.ProjectSettings.load(project), Map.of())
                .target(io.weir.warehouse.Flavor.LOAD);
        try (Warehouse warehouse = Warehouse.open(target);
                WarehouseSession session = warehouse.session()) {
            return session.query(sql);
        }
    }

    @Test
    void anIncrementalTableMergesItsIntervalAndARerunChangesNothing() {
        TaskResult first = run("2024-01-03", Map.of("tables", List.of("orders")));
        List<List<Object>> once = query("select id, status, cast(amount as varchar), paid, cast(updated_at as varchar)"
                        + " from raw.tap_postgres.shop_db_orders order by id")
                .rows();
        run("2024-01-03", Map.of("tables", List.of("orders")));

        assertThat(first.xcom())
                .isEqualTo(Map.of(
                        "table", "raw.tap_postgres.shop_db_orders", "record_count", 3L, "load_type", "incremental"));
        assertThat(once).hasSize(3);
        assertThat(once.get(1)).containsExactly(31L, "new", "31.25", true, "2024-01-03 01:30:00");
        assertThat(query("select id, status, cast(amount as varchar), paid, cast(updated_at as varchar)"
                                + " from raw.tap_postgres.shop_db_orders order by id")
                        .rows())
                .isEqualTo(once);
    }

    @Test
    void aBackfillOfFiveIntervalsLandsEachRowOnceAndAChangedRowIsMerged() throws Exception {
        for (int day = 1; day <= 5; day++) {
            run("2024-01-0" + day, Map.of("tables", "orders"));
        }
        sql("update orders set status = 'paid', updated_at = '2024-01-05 12:00:00' where id = 10");
        run("2024-01-05", Map.of("tables", "orders"));
        run("2024-01-03", Map.of("tables", "orders"));

        assertThat(query("select count(*), count(distinct id) from raw.tap_postgres.shop_db_orders")
                        .rows()
                        .get(0))
                .containsExactly(15L, 15L);
        assertThat(query("select status from raw.tap_postgres.shop_db_orders where id = 10")
                        .rows())
                .containsExactly(List.of("paid"));
    }

    @Test
    void anScdTableAppendsAFullCopyEachRun() {
        TaskResult result = run("2024-01-01", Map.of("tables", "customers"));
        run("2024-01-02", Map.of("tables", "customers"));

        assertThat(result.xcom())
                .isEqualTo(
                        Map.of("table", "raw.tap_postgres.shop_db_customers", "record_count", 2L, "load_type", "scd"));
        assertThat(query("select count(*), count(distinct _uploaded_at), count(distinct _weir_run_id)"
                                + " from raw.tap_postgres.shop_db_customers")
                        .rows()
                        .get(0))
                .containsExactly(4L, 2L, 2L);
    }

    @Test
    void severalTablesReturnOneXcomEntryEach() {
        TaskResult result = run("2024-01-02", Map.of("target_schema", "shop_raw"));

        assertThat(result.xcom())
                .isEqualTo(List.of(
                        Map.of("table", "raw.shop_raw.shop_db_orders", "record_count", 2L, "load_type", "incremental"),
                        Map.of("table", "raw.shop_raw.shop_db_customers", "record_count", 2L, "load_type", "scd")));
    }

    @Test
    void anUnknownPlaceholderFailsPermanentlyNamingItAndTheTable() throws Exception {
        Files.writeString(project.resolve("extract/shop.yaml"), MANIFEST.replace("{END_TIMESTAMP}", "{END_DAY}"));

        assertThatThrownBy(() -> run("2024-01-02", Map.of()))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.retryable())
                        .isFalse())
                .hasMessageStartingWith(
                        "Unknown placeholder {END_DAY} in the query of table orders of extract/shop.yaml");
    }

    @Test
    void aMissingVariableFailsPermanentlyNamingIt() {
        TestContext context = new TestContext(
                Map.of("manifest", "extract/shop.yaml"), project, TestContext.day("2024-01-02"), Map.of());

        assertThatThrownBy(() -> new ExtractDatabaseTaskType().execute(context))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.retryable())
                        .isFalse())
                .hasMessage("The environment variable SHOP_DB (connection_info.database of extract/shop.yaml) is not"
                        + " set; set it, or declare it as a secret of the task");
    }

    @Test
    void aMissingSourceTableFailsPermanentlyAndLeavesRawAsItWas() throws Exception {
        run("2024-01-01", Map.of("tables", "customers"));
        sql("drop table customers");

        assertThatThrownBy(() -> run("2024-01-02", Map.of("tables", "customers")))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.retryable())
                        .isFalse())
                .hasMessageContaining("Extracting table customers of extract/shop.yaml from the SQLite file")
                .hasMessageContaining("no such table: customers")
                .hasMessageEndingWith("raw.tap_postgres.shop_db_customers is unchanged");
        assertThat(query("select count(*) from raw.tap_postgres.shop_db_customers")
                        .rows()
                        .get(0))
                .containsExactly(2L);
    }
}

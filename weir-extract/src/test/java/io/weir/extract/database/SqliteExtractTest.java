package io.weir.extract.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.dag.DagFolder;
import io.weir.core.dag.DagFolderResult;
import io.weir.core.dag.DagParser;
import io.weir.core.dag.TaskSpec;
import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.core.task.TaskTypeRegistry;
import io.weir.extract.testing.TaskTry;
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
        TaskTry context = new TaskTry("orders", params, project, TaskTry.day(day), Map.of("SHOP_DB", "shop.db"))
                .inDag("extract_shop");
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
    void aNewIncrementalTableIsSyncedWholeThenMergedByIntervalAndARerunChangesNothing() {
        TaskResult first = run("2024-01-03", Map.of("tables", List.of("orders")));
        List<List<Object>> once = rows();
        TaskResult second = run("2024-01-03", Map.of("tables", List.of("orders")));

        assertThat(first.xcom())
                .isEqualTo(Map.of("table", "raw.tap_postgres.shop_db_orders", "record_count", 6L, "load_type", "sync"));
        assertThat(second.xcom())
                .isEqualTo(Map.of(
                        "table", "raw.tap_postgres.shop_db_orders", "record_count", 3L, "load_type", "incremental"));
        assertThat(once).hasSize(6);
        assertThat(once.get(4)).containsExactly(31L, "new", "31.25", true, "2024-01-03 01:30:00");
        assertThat(rows()).isEqualTo(once);
    }

    private List<List<Object>> rows() {
        return query("select id, status, cast(amount as varchar), paid, cast(updated_at as varchar)"
                        + " from raw.tap_postgres.shop_db_orders order by id")
                .rows();
    }

    @Test
    void aChangedColumnSetIsSyncedAndSwappedIn() throws Exception {
        run("2024-01-02", Map.of("tables", "orders"));
        Files.writeString(
                project.resolve("extract/shop.yaml"),
                MANIFEST.replace("SELECT id, status,", "SELECT id, status, amount * 2 AS doubled,"));

        TaskResult result = run("2024-01-03", Map.of("tables", "orders"));

        assertThat(result.xcom())
                .isEqualTo(Map.of("table", "raw.tap_postgres.shop_db_orders", "record_count", 6L, "load_type", "sync"));
        assertThat(query("select cast(doubled as varchar) from raw.tap_postgres.shop_db_orders where id = 31")
                        .rows())
                .containsExactly(List.of("62.5"));
        assertThat(query("select count(*) from information_schema.tables where table_name like '%\\_temp' escape '\\'")
                        .rows()
                        .get(0))
                .containsExactly(0L);
    }

    @Test
    void aFailedSyncResumesAfterItsLastFinishedRange() throws Exception {
        sql("create table events (id integer primary key, kind text, at datetime)");
        StringBuilder insert = new StringBuilder("insert into events values ");
        for (int id = 1; id <= 1000; id++) {
            insert.append(id > 1 ? ", " : "")
                    .append("(")
                    .append(id)
                    .append(", 'click', '")
                    .append(id == 450 ? "not a time" : "2024-01-01 10:00:00")
                    .append("')");
        }
        sql(insert.toString());
        Files.writeString(
                project.resolve("extract/events.yaml"),
                """
                connection_info:
                  database: SHOP_DB
                  driver: sqlite
                tables:
                  events:
                    import_db: app
                    import_query: SELECT id, kind, at FROM events
                    export_table: events
                    export_table_primary_key: id
                    load_type: sync
                """);
        Map<String, Object> params = Map.of("manifest", "extract/events.yaml", "sync_range", 100);

        TaskTry failing = new TaskTry(
                        "orders", params, project, TaskTry.day("2024-01-02"), Map.of("SHOP_DB", "shop.db"))
                .inDag("extract_shop");
        assertThatThrownBy(() -> new ExtractDatabaseTaskType().execute(failing))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.retryable())
                        .isFalse())
                .hasMessageContaining("Column at of table events of extract/events.yaml is declared DATETIME but holds"
                        + " 'not a time'");
        assertThat(query("select count(*), max(id) from raw.tap_postgres.app_events_temp")
                        .rows()
                        .get(0))
                .containsExactly(400L, 400L);
        sql("update events set at = '2024-01-01 11:00:00' where id = 450");
        TaskTry resumed = new TaskTry(
                        "orders", params, project, TaskTry.day("2024-01-03"), Map.of("SHOP_DB", "shop.db"))
                .inDag("extract_shop");
        TaskResult result = new ExtractDatabaseTaskType().execute(resumed);

        assertThat(resumed.lines).anySatisfy(line -> assertThat(line)
                .contains("Table events: resuming the sync after id 400, the highest already in"
                        + " raw.tap_postgres.app_events_temp"));
        assertThat(result.xcom())
                .isEqualTo(Map.of("table", "raw.tap_postgres.app_events", "record_count", 600L, "load_type", "sync"));
        assertThat(query("select count(*), count(distinct id), count(distinct _weir_run_id) from"
                                + " raw.tap_postgres.app_events")
                        .rows()
                        .get(0))
                .containsExactly(1000L, 1000L, 2L);
        assertThat(query("select count(*) from information_schema.tables where table_name = 'app_events_temp'")
                        .rows()
                        .get(0))
                .containsExactly(0L);
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
    void validateListsTheIntervalsMissingAndStaleIdsAndPassesOnceRepaired() throws Exception {
        for (int day = 1; day <= 3; day++) {
            run("2024-01-0" + day, Map.of("tables", "orders"));
        }
        sql(
                "update orders set status = 'paid', updated_at = '2024-01-03 05:00:00' where id = 30",
                "insert into orders values (39, 'new', 39.25, 0, '2024-01-03 06:00:00')");

        assertThatThrownBy(() -> run("2024-01-03", Map.of("tables", "orders", "load_type", "validate")))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.retryable())
                        .isFalse())
                .hasMessage("Validating table orders of extract/shop.yaml against raw.tap_postgres.shop_db_orders for"
                        + " the run's interval failed: 1 of 4 ids missing from RAW (39); 1 of 4 ids stale in RAW (an"
                        + " older updated_at) (30); rerun the extract for this interval (a backfill) to repair it");

        run("2024-01-03", Map.of("tables", "orders"));
        TaskResult validated = run("2024-01-03", Map.of("tables", "orders", "load_type", "validate"));

        assertThat(validated.xcom())
                .isEqualTo(Map.of(
                        "table", "raw.tap_postgres.shop_db_orders", "record_count", 4L, "load_type", "validate"));
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
                        Map.of("table", "raw.shop_raw.shop_db_orders", "record_count", 3L, "load_type", "sync"),
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
        TaskTry context = new TaskTry(
                        "orders", Map.of("manifest", "extract/shop.yaml"), project, TaskTry.day("2024-01-02"), Map.of())
                .inDag("extract_shop");

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

    private static final String PER_TABLE_DAG =
            """
            dag_id: shop
            schedule: "@daily"
            start_date: 2024-01-01
            secrets: [SHOP_DB]
            tasks:
              extract:
                type: extract.database
                manifest: extract/shop.yaml
                task_per_table: true
                retries: 3
                secrets: [SHOP_DB]
              transform: {type: extract.database, manifest: extract/shop.yaml, tables: customers, after: [extract]}
            """;

    private DagFolderResult parseDags() throws Exception {
        Files.createDirectories(project.resolve("dags"));
        Files.writeString(project.resolve("dags/shop.yaml"), PER_TABLE_DAG);
        return new DagFolder(new DagParser(TaskTypeRegistry.of(new ExtractDatabaseTaskType())))
                .parse(project, Path.of("dags"));
    }

    @Test
    void taskPerTableMakesOneTaskPerManifestTableAndEachRunsItsTableAlone() throws Exception {
        DagFolderResult result = parseDags();

        assertThat(result.errors()).isEmpty();
        Map<String, TaskSpec> tasks = result.dags().get(0).tasks();
        assertThat(tasks).containsOnlyKeys("extract.orders", "extract.customers", "transform");
        assertThat(tasks.get("extract.orders").retries()).isEqualTo(3);
        assertThat(tasks.get("transform").upstream()).containsExactly("extract.orders", "extract.customers");

        Files.writeString(
                project.resolve("extract/shop.yaml"),
                MANIFEST.replace("SELECT id, status, amount", "SELECT id, missing_column, amount"));
        Map<String, TaskSpec> changed = parseDags().dags().get(0).tasks();
        assertThatThrownBy(() -> run("2024-01-03", changed.get("extract.orders").params()))
                .isInstanceOf(TaskFailure.class)
                .hasMessageContaining("missing_column");
        TaskResult customers =
                run("2024-01-03", changed.get("extract.customers").params());

        assertThat(customers.xcom())
                .isEqualTo(
                        Map.of("table", "raw.tap_postgres.shop_db_customers", "record_count", 2L, "load_type", "scd"));
    }

    @Test
    void aBadManifestOfTaskPerTableIsAnErrorAtTheManifestsLine() throws Exception {
        Files.writeString(
                project.resolve("extract/shop.yaml"), MANIFEST.replace("export_table: 'customers'", "export_tab: x"));

        DagFolderResult result = parseDags();

        assertThat(result.dags()).isEmpty();
        assertThat(result.errors()).extracting(Object::toString).anySatisfy(error -> assertThat(error)
                .startsWith("extract/shop.yaml:19:1: Task 'extract' of DAG 'shop': unknown key 'export_tab'")
                .contains("in table customers"));
    }

    @Test
    void advancedMetadataGivesEveryRowTheTryThatLoadedItAndAPlainTableNone() throws Exception {
        Files.writeString(
                project.resolve("extract/shop.yaml"),
                MANIFEST.replace(
                        "export_table: 'customers'", "export_table: 'customers'\n    advanced_metadata: true"));

        run("2024-01-03", Map.of("tables", List.of("customers", "orders")));
        run("2024-01-04", Map.of("tables", List.of("customers", "orders")));

        assertThat(query("select id, _task_instance from raw.tap_postgres.shop_db_customers order by 2, 1")
                        .rows())
                .containsExactly(
                        List.of(1L, "extract_shop__orders__20240103"),
                        List.of(2L, "extract_shop__orders__20240103"),
                        List.of(1L, "extract_shop__orders__20240104"),
                        List.of(2L, "extract_shop__orders__20240104"));
        assertThat(query("select count(*) from information_schema.columns where table_name = 'shop_db_orders'"
                                + " and column_name = '_task_instance'")
                        .rows()
                        .get(0)
                        .get(0))
                .isEqualTo(0L);
    }
}

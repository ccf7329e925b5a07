package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractCommandTest {
    @TempDir
    Path project;

    @BeforeEach
    void createSource() throws Exception {
        Files.writeString(project.resolve("weir.yaml"), "");
        Files.createDirectories(project.resolve("extract"));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + project.resolve("shop.db"));
                Statement statement = connection.createStatement()) {
            statement.execute("create table orders (id integer primary key, status text, updated_at datetime)");
            statement.execute("insert into orders values (1, 'new', '2024-05-01 10:00:00'),"
                    + " (2, 'paid', '2024-05-01 11:00:00'), (3, 'new', '2024-05-02 09:00:00')");
        }
        Files.writeString(
                project.resolve("extract/shop.yaml"),
                """
                connection_info:
                  driver: sqlite
                  database: SHOP_DB
                tables:
                  orders:
                    import_db: shop
                    import_query: >
                      SELECT id, status, updated_at FROM orders
                      WHERE updated_at >= '{BEGIN_TIMESTAMP}' AND updated_at < '{END_TIMESTAMP}'
                    export_table: orders
                    export_table_primary_key: id
                """);
    }

    private CliRun weir(String... args) {
        String[] withProject = new String[args.length + 2];
        withProject[0] = "--project";
        withProject[1] = project.toString();
        System.arraycopy(args, 0, withProject, 2, args.length);
        return CliRun.run(Map.of("SHOP_DB", "shop.db"), withProject);
    }

    @Test
    void aDryRunPrintsEachRenderedQueryAndTarget() {
        CliRun run = weir("extract", "database", "extract/shop.yaml", "--start", "2024-05-01", "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .isEqualTo("Table orders (incremental) into raw.tap_postgres.shop_orders:\n"
                        + "  SELECT id, status, updated_at FROM orders WHERE updated_at >= '2024-05-01 00:00:00' AND"
                        + " updated_at < '2024-05-02 00:00:00'\n");
        assertThat(project.resolve(".weir/warehouse/raw.duckdb")).doesNotExist();
    }

    @Test
    void extractsTheIntervalIntoRawAndSqlSeesIt() {
        CliRun run = weir("extract", "database", "extract/shop.yaml", "-s", "2024-05-01", "-e", "2024-05-02");
        CliRun count = weir("sql", "select count(*) as n from raw.tap_postgres.shop_orders");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Table orders: 2 rows into raw.tap_postgres.shop_orders (sync) in ");
        assertThat(run.err())
                .contains("Table orders: raw.tap_postgres.shop_orders does not exist yet; copying it whole (sync)");
        assertThat(count.out()).isEqualTo("n\n=\n2\n");
    }

    @Test
    void dagsValidateChecksTheManifestsOfExtractTasks() throws Exception {
        Files.createDirectories(project.resolve("dags"));
        Files.writeString(
                project.resolve("dags/extract_shop.yaml"),
                """
                dag_id: extract_shop
                schedule: "@daily"
                start_date: 2024-01-01
                tasks:
                  extract_orders:
                    type: extract.database
                    manifest: extract/shop.yaml
                    tables: [orders]
                """);

        CliRun valid = weir("dags", "validate");
        Files.writeString(
                project.resolve("extract/shop.yaml"),
                Files.readString(project.resolve("extract/shop.yaml")).replace("export_table:", "export_tabel:"));
        CliRun broken = weir("dags", "validate");

        assertThat(valid.exitCode()).as(valid.toString()).isZero();
        assertThat(valid.out()).isEqualTo("1 DAG is valid.\n");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out())
                .startsWith("extract/shop.yaml:10:1: Task 'extract_orders' of DAG 'extract_shop': unknown key"
                        + " 'export_tabel' in table orders; did you mean 'export_table'?");
        assertThat(broken.err()).isEqualTo("error: 2 problems in DAG files (0 DAGs valid).\n");
    }

    @Test
    void dagsValidatePointsAtTheManifestLineOfATaskPerTable() throws Exception {
        Files.createDirectories(project.resolve("dags"));
        Files.writeString(
                project.resolve("dags/extract_shop.yaml"),
                """
                dag_id: extract_shop
                schedule: "@daily"
                start_date: 2024-01-01
                tasks:
                  shop:
                    type: extract.database
                    manifest: extract/shop.yaml
                    task_per_table: true
                """);

        CliRun valid = weir("dags", "validate");
        Files.writeString(
                project.resolve("extract/shop.yaml"),
                Files.readString(project.resolve("extract/shop.yaml")).replace("import_db:", "import_database:"));
        CliRun broken = weir("dags", "validate");

        assertThat(valid.exitCode()).as(valid.toString()).isZero();
        assertThat(valid.out()).isEqualTo("1 DAG is valid.\n");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out())
                .startsWith("extract/shop.yaml:6:1: Task 'shop' of DAG 'extract_shop': unknown key 'import_database'"
                        + " in table orders");
    }

    @Test
    void aBadManifestIsOneLineOfError() throws Exception {
        Files.writeString(
                project.resolve("extract/shop.yaml"),
                Files.readString(project.resolve("extract/shop.yaml")).replace("export_table:", "export_tabel:"));

        CliRun run = weir("extract", "database", "extract/shop.yaml");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .startsWith("error: extract/shop.yaml:10: unknown key 'export_tabel' in table orders; did you mean"
                        + " 'export_table'?")
                .doesNotContain("Exception");
    }
}

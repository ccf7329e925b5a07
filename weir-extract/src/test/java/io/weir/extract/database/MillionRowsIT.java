package io.weir.extract.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.core.task.TaskResult;
import io.weir.extract.testing.TaskTry;
import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table of a million rows streams through a heap of 256 MB (failsafe runs this module's ITs with -Xmx256m). */
class MillionRowsIT {
    @TempDir
    Path project;

    @Test
    void aMillionRowTableIsExtractedInA256MegabyteHeap() throws Exception {
        assumeTrue(TestWarehouses.postgresAvailable());
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(280L * 1024 * 1024);
        Files.createDirectories(project.resolve("extract"));
        Files.writeString(
                project.resolve("extract/big.yaml"),
                """
                connection_info:
                  user: BIG_USER
                  host: BIG_HOST
                  port: BIG_PORT
                  database: BIG_DB
                tables:
                  events:
                    import_db: big
                    import_query: >
                      SELECT g AS id, md5(g::text) || md5((g + 1)::text) AS payload, g * 1.25 AS amount,
                      timestamp '2024-01-01' + g * interval '1 second' AS created_at
                      FROM generate_series(1, 1000000) g
                    export_table: events
                    export_table_primary_key: id
                """);
        WarehouseUnderTest warehouse = WarehouseUnderTest.duckdb(project);
        TaskTry context = new TaskTry(
                        "orders",
                        Map.of("manifest", "extract/big.yaml"),
                        project,
                        TaskTry.day("2024-05-01"),
                        PostgresSource.variables("BIG"))
                .inDag("extract_shop");

        TaskResult result = new ExtractDatabaseTaskType().execute(context);

        assertThat(result.xcom())
                .isEqualTo(
                        Map.of("table", "raw.tap_postgres.big_events", "record_count", 1_000_000L, "load_type", "scd"));
        assertThat(warehouse
                        .query("select count(*), sum(id), max(length(payload)) from raw.tap_postgres.big_events")
                        .rows()
                        .get(0))
                .containsExactly(1_000_000L, new java.math.BigInteger("500000500000"), 64L);
        assertThat(context.lines).anySatisfy(line -> assertThat(line).contains("1,000,000 rows so far"));
    }
}

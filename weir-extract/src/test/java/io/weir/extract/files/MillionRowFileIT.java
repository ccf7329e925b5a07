package io.weir.extract.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.task.TaskResult;
import io.weir.extract.testing.TaskTry;
import io.weir.store.MetadataStore;
import io.weir.store.testing.TestStores;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.testing.TestWarehouses;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV of a million rows streams through a heap of 256 MB (failsafe runs this module's ITs with -Xmx256m). */
class MillionRowFileIT {
    @TempDir
    Path project;

    @TempDir
    Path metadata;

    @Test
    void aMillionRowCsvIsLandedWithInferredTypesInA256MegabyteHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(280L * 1024 * 1024);
        Files.createDirectories(project.resolve("extract"));
        try (BufferedWriter out =
                Files.newBufferedWriter(project.resolve("extract/events.csv"), StandardCharsets.UTF_8)) {
            out.write("Event Id,User Name,Amount,Day\n");
            for (int i = 1; i <= 1_000_000; i++) {
                out.write(i + ",user-" + (i % 977) + "-" + Integer.toHexString(i * 31) + "," + (i % 1000) + ".25,2024-"
                        + (1 + i % 12 < 10 ? "0" : "") + (1 + i % 12) + "-15\n");
            }
        }
        Files.writeString(
                project.resolve("extract/sheets.yml"), "files:\n  - {path: extract/events.csv, infer_types: true}\n");
        TaskResult result;
        TaskTry context;
        try (MetadataStore store = TestStores.h2(metadata)) {
            context = new TaskTry(
                            "sheets",
                            Map.of("listing", "extract/sheets.yml"),
                            project,
                            TaskTry.day("2024-05-01"),
                            Map.of())
                    .inDag("sheetload")
                    .withRunId("manual__1")
                    .withLedger(store);
            result = new ExtractFilesTaskType().execute(context);
        }

        assertThat(result.xcom())
                .isEqualTo(Map.of(
                        "table",
                        "raw.sheetload.events",
                        "record_count",
                        1_000_000L,
                        "files_loaded",
                        1,
                        "files_skipped",
                        0,
                        "files_failed",
                        0));
        try (Warehouse warehouse =
                        Warehouse.open(TestWarehouses.duckdb(project.resolve(".weir/warehouse"), "analytics"));
                WarehouseSession session = warehouse.session()) {
            assertThat(session.query("select count(*), sum(event_id), max(day), typeof(max(amount))"
                                    + " from raw.sheetload.events")
                            .rows()
                            .get(0))
                    .isEqualTo(List.of(
                            1_000_000L,
                            new java.math.BigInteger("500000500000"),
                            java.time.LocalDate.of(2024, 12, 15),
                            "DOUBLE"));
        }
        assertThat(context.lines).anySatisfy(line -> assertThat(line).contains("1,000,000 rows so far"));
    }
}

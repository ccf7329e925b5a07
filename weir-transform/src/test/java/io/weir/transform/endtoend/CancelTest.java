package io.weir.transform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.transform.Transform;
import io.weir.transform.TransformOptions;
import io.weir.transform.TransformStep;
import io.weir.transform.run.NodeStatus;
import io.weir.transform.run.RunReport;
import io.weir.warehouse.Relation;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C (or a task's timeout) during a run: the running query stops, nothing half-built is left. */
class CancelTest {
    @TempDir
    Path dir;

    @Test
    void cancellingARunStopsTheRunningQueryAndLeavesTheOldTable() throws Exception {
        Path project = Files.createDirectories(dir.resolve("slow"));
        Files.writeString(project.resolve("dbt_project.yml"), "name: slow\nprofile: slow\n");
        Files.createDirectories(project.resolve("models"));
        Path model = project.resolve("models/totals.sql");
        Files.writeString(model, "{{ config(materialized='table') }}\nselect 42 as n");
        WarehouseTarget target = TestWarehouses.duckdb(dir, "analytics");
        TransformOptions options = new TransformOptions(
                project, null, null, List.of(), List.of(), false, Map.of(), 1, false, target, null, null, null,
                Map.of());
        try (Transform first = Transform.open(options)) {
            assertThat(first.execute(TransformStep.RUN, quiet()).success()).isTrue();
        }
        Files.writeString(
                model,
                "{{ config(materialized='table') }}\n"
                        + "select count(*) as n from range(1000000000000) t(i) where i % 7 = 3");

        RunReport report;
        long started = System.nanoTime();
        try (Transform second = Transform.open(options)) {
            CompletableFuture<RunReport> run =
                    CompletableFuture.supplyAsync(() -> second.execute(TransformStep.RUN, quiet()));
            Thread.sleep(1000);
            second.cancel();
            report = run.get(30, TimeUnit.SECONDS);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(report.success()).isFalse();
        assertThat(report.results()).singleElement().satisfies(result -> assertThat(result.status())
                .isIn(NodeStatus.SKIPPED, NodeStatus.ERROR));
        try (Warehouse warehouse = Warehouse.open(target);
                WarehouseSession session = warehouse.session()) {
            assertThat(session.query("select n from analytics.analytics.totals").rows())
                    .containsExactly(List.of(42));
            assertThat(session.relationKind(new Relation("analytics", "analytics", "totals__dbt_tmp")))
                    .isEmpty();
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}

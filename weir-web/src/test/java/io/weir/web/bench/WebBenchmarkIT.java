package io.weir.web.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weir bench web} at a small size on H2: every page and endpoint the issue names is timed beside its floor,
 * at p50 and p99, and the clients under load meet no error. (The full size runs by hand: it takes minutes.)
 */
class WebBenchmarkIT {
    @TempDir
    Path work;

    @Test
    void timesEachPageBesideItsFloorAndTheApiUnderLoadWithoutErrors() {
        WebBenchmark.Options options = new WebBenchmark.Options(30, 6, 8, 10, 4, Duration.ofSeconds(2), Map.of(), "H2");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<WebBenchmark.Row> rows =
                new WebBenchmark(work).run(options, new PrintStream(progress, true, StandardCharsets.UTF_8));

        List<String> timed = List.of(
                "DAGs page /",
                "DAG page, grid of 25 runs",
                "GET /api/v1/dags?limit=100",
                "task instances of a run (API)");
        for (String what : timed) {
            for (String metric : List.of("p50", "p99")) {
                WebBenchmark.Row row = rows.stream()
                        .filter(r -> r.what().equals(what) && r.metric().equals(metric))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no " + metric + " row for " + what + ": " + rows));
                assertThat(row.weir()).as("%s %s", what, metric).isPositive();
                assertThat(row.floor()).as("%s %s floor", what, metric).isPositive();
                assertThat(row.ratio()).as("%s %s ratio", what, metric).isPositive();
            }
        }
        String load = "4 clients, GET /api/v1/dags";
        assertThat(rows)
                .filteredOn(row -> row.what().equals(load))
                .extracting(WebBenchmark.Row::metric)
                .containsExactly("requests/s", "p99", "errors");
        assertThat(rows)
                .filteredOn(row -> row.what().equals(load) && row.metric().equals("errors"))
                .singleElement()
                .satisfies(row -> assertThat(row.weir()).isZero());
        assertThat(rows)
                .filteredOn(row -> row.what().equals(load) && row.metric().equals("requests/s"))
                .singleElement()
                .satisfies(row -> assertThat(row.weir()).isPositive());

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        WebBenchmark.print(rows, new PrintStream(table, true, StandardCharsets.UTF_8));
        assertThat(table.toString(StandardCharsets.UTF_8))
                .contains("page / endpoint")
                .contains("floor")
                .contains("ratio")
                .containsPattern("H2 +DAGs page / +p99 \\(ms\\) +[0-9.]+ +[0-9.]+ +[0-9.]+x");
    }
}

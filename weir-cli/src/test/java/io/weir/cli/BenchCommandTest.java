package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    private record Benched(CliRun run, String output) {}

    /** Runs {@code weir bench ...}; the benchmark prints its table on the process's standard output as it goes. */
    private static Benched bench(String... arguments) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return new Benched(CliRun.run(Map.of(), arguments), captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void benchSchedulerPrintsEachWorkloadBesideItsBaseline() {
        Benched benched = bench(
                "bench",
                "scheduler",
                "--db",
                "h2",
                "--dags",
                "2",
                "--tasks",
                "3",
                "--commands",
                "8",
                "--parallelism",
                "4",
                "--warm-up",
                "1",
                "--rounds",
                "2");
        CliRun run = benched.run();
        String text = benched.output();

        assertThat(run.exitCode()).as(run + text).isZero();
        assertThat(text).contains("Warm-up round 1 of 1 (H2)").contains("Round 2 of 2 (H2)");
        assertThat(text)
                .containsPattern("1: 6 linear no-ops \\(H2\\) +wall time \\(s\\) +[0-9.]+ +[0-9.]+ +[0-9.]+x")
                .containsPattern("1: 6 linear no-ops \\(H2\\) +latency p50 \\(ms\\) +[0-9.]+ +- +-")
                .containsPattern("2: 8 `true` commands, fan-out +wall time \\(s\\) +[0-9.]+ +[0-9.]+ +[0-9.]+x");
        // The no-ops' floor is the metadata writes their tasks need, measured: never the 0.000 s of an empty loop.
        java.util.regex.Matcher floor = java.util.regex.Pattern.compile(
                        "1: 6 linear no-ops \\(H2\\) +wall time \\(s\\) +[0-9.]+ +([0-9.]+) ")
                .matcher(text);
        assertThat(floor.find()).as(text).isTrue();
        assertThat(Double.parseDouble(floor.group(1))).isGreaterThan(0.0);
    }

    @Test
    void benchFilesPrintsPlainProgressLinesWhenItsOutputIsNoTerminal() {
        Benched benched = bench("bench", "files", "--megabytes", "20", "--small-files", "0", "--warehouse", "duckdb");
        CliRun run = benched.run();
        String text = benched.output();

        assertThat(run.exitCode()).as(run + text).isZero();
        assertThat(text).contains(": 100,000 rows\n").doesNotContain("\r");
    }

    @Test
    void benchHttpLandsEveryRecordAndPrintsItsRatesBesideThePagesParsedAlone() {
        Benched benched = bench("bench", "http", "--records", "2500", "--rounds", "1");
        CliRun run = benched.run();
        String text = benched.output();

        assertThat(run.exitCode()).as(run + text).isZero();
        assertThat(text)
                .containsPattern("HTTP 2,500 records x 10 -> DuckDB +records/s +[0-9.]+ +[0-9.]+ +[0-9.]+x  pages"
                        + " fetched and parsed into nothing")
                .containsPattern("HTTP 2,500 records x 10 -> DuckDB +MB/s +[0-9.]+ +[0-9.]+ +[0-9.]+x");
    }
}

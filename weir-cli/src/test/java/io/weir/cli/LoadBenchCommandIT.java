package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.core.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadBenchCommandIT {
    @Test
    void benchLoadPrintsWeirBesideBothFloors() {
        assumeTrue(TestPostgres.available());
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CliRun run;
        // The benchmark prints its table on the process's standard output as it goes.
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run = CliRun.run(Map.of(), "bench", "load", "--rows", "2000", "--mariadb-rows", "0");
        } finally {
            System.setOut(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);

        assertThat(run.exitCode()).as(run + text).isZero();
        assertThat(text)
                .containsPattern("PostgreSQL 2,000 rows x 10 -> DuckDB +rows/s +[0-9.]+ +[0-9.]+ +[0-9.]+x")
                .containsPattern(
                        "PostgreSQL 2,000 rows x 10 -> DuckDB +source read, rows/s +[0-9.]+ +[0-9.]+ +[0-9.]+x  source's own read")
                .containsPattern(
                        "PostgreSQL 2,000 rows x 10 -> PostgreSQL +bulk write, rows/s +[0-9.]+ +[0-9.]+ +[0-9.]+x  COPY FROM STDIN")
                .containsPattern("-> PostgreSQL +peak heap, MB +[0-9.]+");
    }
}

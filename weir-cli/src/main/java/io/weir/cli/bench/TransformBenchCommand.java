package io.weir.cli.bench;

import io.weir.transform.bench.TransformBenchmark;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weir bench transform}: parse and compile time of a large project, and run time beside the SQL floor. */
@Command(
        name = "transform",
        description = "Parse and compile a generated dbt project, run table models on DuckDB beside the floor, and"
                + " compile a package-using project in a fresh process; print a table.")
public final class TransformBenchCommand implements Callable<Integer> {
    @Option(names = "--models", defaultValue = "2000", description = "Models in workload 1 (default ${DEFAULT-VALUE}).")
    private int models;

    @Option(names = "--tests", defaultValue = "5000", description = "Tests in workload 1 (default ${DEFAULT-VALUE}).")
    private int tests;

    @Option(
            names = "--run-models",
            defaultValue = "500",
            description = "Table models run in workload 2 (default ${DEFAULT-VALUE}).")
    private int runModels;

    @Option(
            names = "--package-models",
            defaultValue = "800",
            description = "Models calling package macros in workload 3 (default ${DEFAULT-VALUE}).")
    private int packageModels;

    @Option(
            names = "--package-tests",
            defaultValue = "2000",
            description = "Tests in workload 3 (default ${DEFAULT-VALUE}).")
    private int packageTests;

    @Override
    public Integer call() throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path workDir = Files.createTempDirectory("weir-bench-transform-");
        try {
            List<TransformBenchmark.Row> rows =
                    new TransformBenchmark(workDir).run(models, tests, runModels, packageModels, packageTests, out);
            out.println();
            TransformBenchmark.print(rows, out);
            return 0;
        } finally {
            BenchFolders.delete(workDir);
        }
    }
}

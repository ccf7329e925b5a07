package io.weir.cli.bench;

import io.weir.extract.bench.HttpBenchmark;
import io.weir.extract.bench.LoadBenchmark;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weir bench http}: extract.http from a local paged API into DuckDB RAW, beside the pages parsed alone. */
@Command(
        name = "http",
        description = "Land a local paged JSON API (10 fields a record) with extract.http in DuckDB RAW, beside the"
                + " same pages fetched and parsed into nothing; print a table.")
public final class HttpBenchCommand implements Callable<Integer> {
    @Option(
            names = "--records",
            defaultValue = "200000",
            description = "Records the API serves (default ${DEFAULT-VALUE}).")
    private long records;

    @Option(
            names = "--rounds",
            defaultValue = "2",
            description = "Rounds of floor and extract; each keeps its best (default ${DEFAULT-VALUE}).")
    private int rounds;

    @Override
    public Integer call() throws Exception {
        if (records < 1 || rounds < 1) {
            throw new io.weir.core.WeirException(
                    io.weir.core.ErrorCode.USER_INPUT, "--records and --rounds must be at least 1");
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("HTTP benchmark: heap limit " + Runtime.getRuntime().maxMemory() / 1_000_000 + " MB");
        Path workDir = Files.createTempDirectory("weir-bench-http-");
        try {
            List<LoadBenchmark.Row> table = new HttpBenchmark(workDir).run(records, rounds, out);
            out.println();
            LoadBenchmark.print(table, out);
            return 0;
        } finally {
            BenchFolders.delete(workDir);
        }
    }
}

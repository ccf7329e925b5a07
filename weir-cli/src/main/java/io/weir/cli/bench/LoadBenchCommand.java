package io.weir.cli.bench;

import io.weir.extract.bench.LoadBenchmark;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weir bench load}: database extracts into DuckDB and PostgreSQL RAW beside the source's and warehouse's floors. */
@Command(
        name = "load",
        description = "Extract a generated PostgreSQL (and MariaDB) table into DuckDB and PostgreSQL RAW, beside the"
                + " source's own read and the warehouse's own bulk write; print a table.")
public final class LoadBenchCommand implements Callable<Integer> {
    private static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String DEFAULT_MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

    @Option(
            names = "--rows",
            defaultValue = "5000000",
            description = "Rows of the PostgreSQL source; 0 skips it (default ${DEFAULT-VALUE}).")
    private long rows;

    @Option(
            names = "--mariadb-rows",
            defaultValue = "1000000",
            description = "Rows of the MariaDB source; 0 skips it (default ${DEFAULT-VALUE}).")
    private long mariaDbRows;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            description = "Rounds of source read, bulk write and extract, in turn; each reports its median"
                    + " (default ${DEFAULT-VALUE}).")
    private int rounds;

    @Mixin
    private WarehouseChoice warehouses;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        warehouses.check();
        if (rounds < 1) {
            throw new io.weir.core.WeirException(io.weir.core.ErrorCode.USER_INPUT, "--rounds must be at least 1");
        }
        List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
        out.println("Load benchmark: sources WEIR_TEST_PG_URL and WEIR_TEST_MARIADB_URL, heap limit "
                + Runtime.getRuntime().maxMemory() / 1_000_000 + " MB"
                + (jvmOptions.isEmpty() ? "" : ", JVM options " + String.join(" ", jvmOptions)));
        Path workDir = Files.createTempDirectory("weir-bench-load-");
        try {
            LoadBenchmark benchmark = new LoadBenchmark(
                    workDir,
                    System.getenv().getOrDefault("WEIR_TEST_PG_URL", DEFAULT_PG_URL),
                    System.getenv().getOrDefault("WEIR_TEST_MARIADB_URL", DEFAULT_MARIADB_URL));
            List<LoadBenchmark.Row> table =
                    benchmark.run(rows, mariaDbRows, warehouses.duckDb(), warehouses.postgres(), rounds, out);
            out.println();
            LoadBenchmark.print(table, out);
            return 0;
        } finally {
            BenchFolders.delete(workDir);
        }
    }
}

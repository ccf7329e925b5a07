package io.weir.cli.bench;

import io.weir.engine.runner.StoredLoadedFiles;
import io.weir.extract.bench.FilesBenchmark;
import io.weir.extract.bench.LoadBenchmark;
import io.weir.store.MetadataStore;
import io.weir.store.StoreSettings;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weir bench files}: extract.files into DuckDB and PostgreSQL RAW beside each warehouse's own CSV load. */
@Command(
        name = "files",
        description =
                "Land a generated CSV (10 columns) with extract.files in DuckDB and PostgreSQL RAW, beside DuckDB's"
                        + " read_csv and PostgreSQL's COPY FROM of the same file, and ingest many small files twice; print a"
                        + " table.")
public final class FilesBenchCommand implements Callable<Integer> {
    private static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @Option(
            names = "--megabytes",
            defaultValue = "1000",
            description = "Size of the generated CSV in MB; 0 skips it (default ${DEFAULT-VALUE}).")
    private long megabytes;

    @Option(
            names = "--small-files",
            defaultValue = "500",
            description = "Small files ingested (twice); 0 skips it (default ${DEFAULT-VALUE}).")
    private int smallFiles;

    @Mixin
    private WarehouseChoice warehouses;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        warehouses.check();
        out.println("Files benchmark: PostgreSQL at WEIR_TEST_PG_URL, heap limit "
                + Runtime.getRuntime().maxMemory() / 1_000_000 + " MB");
        Path workDir = Files.createTempDirectory("weir-bench-files-");
        try (MetadataStore store = MetadataStore.open(StoreSettings.forProject(workDir.resolve(".weir"), Map.of()))) {
            store.migrate();
            FilesBenchmark benchmark = new FilesBenchmark(
                    workDir,
                    System.getenv().getOrDefault("WEIR_TEST_PG_URL", DEFAULT_PG_URL),
                    new StoredLoadedFiles(store),
                    System.console() != null);
            List<LoadBenchmark.Row> table =
                    benchmark.run(megabytes, smallFiles, warehouses.duckDb(), warehouses.postgres(), out);
            out.println();
            LoadBenchmark.print(table, out);
            return 0;
        } finally {
            BenchFolders.delete(workDir);
        }
    }
}

package io.weir.extract.bench;

import io.weir.core.task.LoadedFiles;
import io.weir.extract.files.FileEntry;
import io.weir.extract.files.FileTableResult;
import io.weir.extract.files.FilesExtract;
import io.weir.extract.progress.ProgressLine;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.WarehouseType;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * The files benchmark: a generated CSV of 10 columns landed by {@code extract.files} in DuckDB RAW and in a PostgreSQL
 * RAW schema, beside each warehouse's own load of the same file in the same run (DuckDB's {@code read_csv},
 * PostgreSQL's {@code COPY FROM STDIN} fed the file); and continuous ingest of many small files, beside DuckDB reading
 * each of them with {@code read_csv}, then a second ingest run that must load none of them.
 */
public final class FilesBenchmark {
    private static final String HEADER =
            "order_id,customer,email,country,amount,quantity,status,created_at,note,coupon\n";
    private static final String[] COUNTRIES = {"DE", "FR", "NL", "US", "BR", "JP", "IN", "ZA"};
    private static final String[] STATUS = {"new", "paid", "shipped", "returned"};

    private final Path workDir;
    private final String postgresUrl;
    private final LoadedFiles ledger;
    private final boolean terminal;

    /**
     * @param ledger the ledger of loaded files (a metadata database of the benchmark's own)
     * @param terminal whether progress goes to a terminal, where its line is rewritten in place
     */
    public FilesBenchmark(Path workDir, String postgresUrl, LoadedFiles ledger, boolean terminal) {
        this.workDir = workDir;
        this.postgresUrl = postgresUrl;
        this.ledger = ledger;
        this.terminal = terminal;
    }

    /**
     * Runs the workloads.
     *
     * @param megabytes the size of the big CSV; 0 skips it
     * @param smallFiles how many small files to ingest; 0 skips it
     */
    public List<LoadBenchmark.Row> run(
            long megabytes, int smallFiles, boolean duckdb, boolean postgres, PrintStream progress) throws Exception {
        List<LoadBenchmark.Row> rows = new ArrayList<>();
        if (megabytes > 0) {
            Path csv = workDir.resolve("orders.csv");
            progress.printf(Locale.ROOT, "Writing a %,d MB CSV of 10 columns ...%n", megabytes);
            long lines = generate(csv, megabytes * 1_000_000L, 0);
            double size = Files.size(csv) / 1e6;
            progress.printf(Locale.ROOT, "  %,d rows, %.0f MB%n", lines, size);
            String workload = String.format(Locale.ROOT, "CSV %,.0f MB (%,d rows)", size, lines);
            if (duckdb) {
                double floor = size / duckDbReadCsv(csv, lines);
                double weir = size / land(duckdbTarget("big"), csv, "orders", lines, progress);
                rows.add(new LoadBenchmark.Row(workload + " -> DuckDB", "MB/s", weir, floor, "DuckDB read_csv"));
            }
            if (postgres) {
                String schema =
                        "weir_extf_bench_" + UUID.randomUUID().toString().substring(0, 8);
                try {
                    double floor = size / postgresCopy(csv, schema, lines);
                    double weir = size / land(postgresTarget(schema), csv, "orders", lines, progress);
                    rows.add(new LoadBenchmark.Row(
                            workload + " -> PostgreSQL", "MB/s", weir, floor, "PostgreSQL COPY FROM"));
                } finally {
                    execute(postgresUrl, "drop schema if exists " + schema + " cascade");
                }
            }
            Files.delete(csv);
        }
        if (smallFiles > 0 && duckdb) {
            rows.add(ingest(smallFiles, progress));
        }
        return rows;
    }

    /** Seconds extract.files takes to land {@code csv}; checks the row count. */
    private double land(WarehouseTarget target, Path csv, String table, long lines, PrintStream progress) {
        FileEntry entry = entry(csv.toString(), false);
        try (Warehouse warehouse = Warehouse.open(target)) {
            long started = System.nanoTime();
            ProgressLine line = new ProgressLine(progress, terminal);
            FilesExtract.Outcome outcome = extract(
                            List.of(entry), target.type() == WarehouseType.POSTGRES ? target.schema() : "sheetload")
                    .run(
                            warehouse,
                            message -> {},
                            (relation, count) ->
                                    line.show(String.format(Locale.ROOT, "  %s: %,d rows", relation, count)));
            double seconds = (System.nanoTime() - started) / 1e9;
            line.finish();
            check(outcome, lines);
            progress.println("  " + outcome.tables().get(0).summary());
            return seconds;
        }
    }

    private LoadBenchmark.Row ingest(int files, PrintStream progress) throws Exception {
        Path folder = workDir.resolve("events");
        Files.createDirectories(folder);
        for (int i = 0; i < files; i++) {
            generate(folder.resolve(String.format(Locale.ROOT, "events-%05d.csv", i)), 2_000, i * 100_000L);
        }
        progress.printf(Locale.ROOT, "Ingesting %d small files ...%n", files);
        Path floorDb = workDir.resolve("ingest-floor.duckdb");
        long floorStarted = System.nanoTime();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + floorDb);
                Statement statement = connection.createStatement()) {
            boolean first = true;
            for (Path file : Files.list(folder).sorted().toList()) {
                String read = "select * from read_csv('" + file + "', header = true, all_varchar = true)";
                statement.execute(first ? "create table events as " + read : "insert into events " + read);
                first = false;
            }
        }
        double floorSeconds = (System.nanoTime() - floorStarted) / 1e9;
        FileEntry entry = entry(folder.toString(), true);
        WarehouseTarget target = duckdbTarget("ingest");
        double seconds;
        try (Warehouse warehouse = Warehouse.open(target)) {
            long started = System.nanoTime();
            FilesExtract.Outcome first =
                    extract(List.of(entry), "sheetload").run(warehouse, message -> {}, (t, c) -> {});
            seconds = (System.nanoTime() - started) / 1e9;
            FileTableResult loaded = first.tables().get(0);
            if (!first.failures().isEmpty() || loaded.filesLoaded() != files) {
                throw new IllegalStateException("the first ingest loaded " + loaded.filesLoaded() + " of " + files
                        + " files: " + first.failures());
            }
            long againStarted = System.nanoTime();
            FilesExtract.Outcome second =
                    extract(List.of(entry), "sheetload").run(warehouse, message -> {}, (t, c) -> {});
            double againSeconds = (System.nanoTime() - againStarted) / 1e9;
            FileTableResult again = second.tables().get(0);
            if (again.filesLoaded() != 0 || again.filesSkipped() != files) {
                throw new IllegalStateException("the second ingest loaded " + again.filesLoaded() + " files, not 0");
            }
            progress.printf(
                    Locale.ROOT,
                    "  first run: %d files, %,d rows in %.1f s; second run: %d of %d files loaded, in %.2f s%n",
                    loaded.filesLoaded(),
                    loaded.rows(),
                    seconds,
                    again.filesLoaded(),
                    files,
                    againSeconds);
        }
        return new LoadBenchmark.Row(
                files + " small files, ingest -> DuckDB",
                "files/s",
                files / seconds,
                files / floorSeconds,
                "DuckDB read_csv per file");
    }

    private FilesExtract extract(List<FileEntry> entries, String schema) {
        return new FilesExtract(new FilesExtract.Options(
                "bench", workDir, entries, List.of(), schema, Map.of(), "bench__" + UUID.randomUUID(), ledger));
    }

    private static FileEntry entry(String path, boolean ingest) {
        return new FileEntry(
                ingest ? "events" : "orders",
                new FileEntry.Location(FileEntry.Location.Kind.PATH, path),
                ingest ? "*.csv" : null,
                List.of(),
                null,
                "UTF-8",
                ingest,
                false,
                Long.MAX_VALUE,
                new FileEntry.S3Settings(null, null, null, null),
                1);
    }

    private static void check(FilesExtract.Outcome outcome, long lines) {
        if (!outcome.failures().isEmpty()) {
            throw new IllegalStateException("the benchmark's load failed: " + outcome.failures());
        }
        long loaded = outcome.tables().get(0).rows();
        if (loaded != lines) {
            throw new IllegalStateException("the benchmark loaded " + loaded + " rows, not " + lines);
        }
    }

    /** Seconds DuckDB takes to load {@code csv} into a table of its own with {@code read_csv}. */
    private double duckDbReadCsv(Path csv, long lines) throws SQLException {
        Path file = workDir.resolve("floor.duckdb");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            long started = System.nanoTime();
            statement.execute(
                    "create table orders as select * from read_csv('" + csv + "', header = true, all_varchar = true)");
            double seconds = (System.nanoTime() - started) / 1e9;
            try (var results = statement.executeQuery("select count(*) from orders")) {
                results.next();
                if (results.getLong(1) != lines) {
                    throw new IllegalStateException("read_csv read " + results.getLong(1) + " rows, not " + lines);
                }
            }
            return seconds;
        }
    }

    /** Seconds PostgreSQL's {@code COPY FROM STDIN} takes to load {@code csv}, fed the file's bytes. */
    private double postgresCopy(Path csv, String schema, long lines) throws Exception {
        execute(postgresUrl, "create schema " + schema);
        execute(
                postgresUrl,
                "create table " + schema + ".orders_floor ("
                        + String.join(" text, ", HEADER.strip().split(",")) + " text)");
        try (Connection connection = DriverManager.getConnection(postgresUrl);
                InputStream in = Files.newInputStream(csv)) {
            long started = System.nanoTime();
            long copied = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("COPY " + schema + ".orders_floor FROM STDIN (FORMAT csv, HEADER true)", in, 1 << 16);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (copied != lines) {
                throw new IllegalStateException("COPY loaded " + copied + " rows, not " + lines);
            }
            return seconds;
        }
    }

    /** Writes rows of 10 columns to {@code file} until it has {@code bytes}; returns the rows. */
    static long generate(Path file, long bytes, long firstId) throws IOException {
        long rows = 0;
        long written = HEADER.length();
        StringBuilder line = new StringBuilder(160);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            while (written < bytes) {
                long id = firstId + rows + 1;
                line.setLength(0);
                line.append(id)
                        .append(",customer ")
                        .append(id % 100_003)
                        .append(",user")
                        .append(id % 100_003)
                        .append("@example.com,")
                        .append(COUNTRIES[(int) (id % COUNTRIES.length)])
                        .append(',')
                        .append(id % 10_000)
                        .append('.')
                        .append(id % 100)
                        .append(',')
                        .append(1 + id % 9)
                        .append(',')
                        .append(STATUS[(int) (id % STATUS.length)])
                        .append(",2024-")
                        .append(String.format(
                                Locale.ROOT, "%02d-%02d %02d:%02d:00", 1 + id % 12, 1 + id % 28, id % 24, id % 60))
                        .append(",\"note ")
                        .append(Long.toHexString(id * 2_654_435_761L))
                        .append(", kept\",")
                        .append(id % 7 == 0 ? "SPRING" : "")
                        .append('\n');
                out.append(line);
                written += line.length();
                rows++;
            }
        }
        return rows;
    }

    private WarehouseTarget duckdbTarget(String name) {
        Path dir = workDir.resolve("warehouse-" + name);
        return WarehouseTarget.duckdb(
                "bench", dir.resolve("analytics.duckdb"), "analytics", 1, Map.of("raw", dir.resolve("raw.duckdb")));
    }

    private WarehouseTarget postgresTarget(String schema) {
        Properties properties = org.postgresql.Driver.parseURL(postgresUrl, null);
        return new WarehouseTarget(
                "bench",
                WarehouseType.POSTGRES,
                postgresUrl,
                null,
                null,
                properties.getProperty("PGDBNAME"),
                schema,
                1,
                Map.of());
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

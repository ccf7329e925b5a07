package io.weir.extract.bench;

import io.weir.core.schedule.DataInterval;
import io.weir.extract.database.ConnectionInfo;
import io.weir.extract.database.DatabaseExtract;
import io.weir.extract.database.LoadKind;
import io.weir.extract.database.Manifest;
import io.weir.extract.database.ManifestTable;
import io.weir.extract.database.SourceDriver;
import io.weir.extract.database.TablePlan;
import io.weir.extract.database.TableResult;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.WarehouseType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.postgresql.PGConnection;

/**
 * The load benchmark. A generated source table of 10 columns is extracted whole by Weir into DuckDB RAW and into a
 * PostgreSQL RAW schema, beside two floors measured in the same run: the source's own fastest read into nothing
 * (PostgreSQL's {@code COPY (SELECT ...) TO STDOUT} through the CopyManager; for MariaDB a streaming JDBC read of every
 * value) and the warehouse's fastest bulk write of the same number of rows generated in memory (DuckDB's appender,
 * PostgreSQL's {@code COPY FROM STDIN}). MB are the source's rows as {@code COPY} text. The three are measured in
 * turn for a number of rounds and each reports its median, so that noise on a shared machine and the first round's
 * compilation weigh on neither side alone.
 */
public final class LoadBenchmark {
    private final Path workDir;
    private final String postgresUrl;
    private final String mariaDbUrl;
    private final HeapWatch heap = new HeapWatch();

    public LoadBenchmark(Path workDir, String postgresUrl, String mariaDbUrl) {
        this.workDir = workDir;
        this.postgresUrl = postgresUrl;
        this.mariaDbUrl = mariaDbUrl;
    }

    /** One line of the table: Weir's rate beside a floor's, and their ratio (Weir / floor; 1 is the floor). */
    public record Row(String workload, String metric, double weir, double floor, String floorName) {
        public double ratio() {
            return weir / floor;
        }
    }

    public List<Row> run(
            long postgresRows, long mariaDbRows, boolean duckdb, boolean postgres, int rounds, PrintStream progress)
            throws Exception {
        List<Row> rows = new ArrayList<>();
        heap.start();
        try {
            if (postgresRows > 0) {
                BenchSources.ensurePostgres(postgresUrl, postgresRows, progress);
                rows.addAll(postgresSource(postgresRows, duckdb, postgres, rounds, progress));
            }
            if (mariaDbRows > 0) {
                BenchSources.ensureMariaDb(mariaDbUrl, mariaDbRows, progress);
                rows.addAll(mariaDbSource(mariaDbRows, duckdb, rounds, progress));
            }
        } finally {
            heap.stop();
        }
        return rows;
    }

    /**
     * The times of one workload's rounds: the source's read, the warehouse's write and Weir's extract, measured in
     * turn in every round so that a busy moment of the machine falls on all three alike; each reports its median.
     */
    private static final class Rounds {
        final List<Double> read = new ArrayList<>();
        final List<Double> write = new ArrayList<>();
        final List<Double> weir = new ArrayList<>();
        double peakHeap;

        static double median(List<Double> seconds) {
            List<Double> sorted = seconds.stream().sorted().toList();
            int middle = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        }
    }

    private List<Row> postgresSource(long count, boolean duckdb, boolean postgres, int rounds, PrintStream progress)
            throws Exception {
        String table = BenchSources.SCHEMA + "." + BenchSources.table(count);
        long[] bytes = new long[1];
        Rounds intoDuckDb = new Rounds();
        Rounds intoPostgres = new Rounds();
        for (int round = 1; round <= rounds; round++) {
            progress.printf(
                    Locale.ROOT,
                    "Round %d of %d, PostgreSQL source, %,d rows: COPY TO STDOUT into nothing...%n",
                    round,
                    rounds,
                    count);
            double read = seconds(() -> bytes[0] = copyOut(table));
            if (duckdb) {
                Path dir = workDir.resolve("warehouse-pg-" + round);
                progress.println("  DuckDB appender from memory...");
                intoDuckDb.read.add(read);
                intoDuckDb.write.add(seconds(() -> DuckDbFloor.write(workDir.resolve("floor.duckdb"), count)));
                progress.println("  Weir into DuckDB RAW...");
                heap.reset();
                intoDuckDb.weir.add(
                        seconds(() -> extract(SourceDriver.POSTGRESQL, postgresUrl, table, count, duckdbTarget(dir))));
                intoDuckDb.peakHeap = Math.max(intoDuckDb.peakHeap, heap.peakMegabytes());
                deleteFolder(dir);
            }
            if (postgres) {
                String schema = "weir_bench_raw_" + UUID.randomUUID().toString().substring(0, 8);
                try {
                    progress.println("  PostgreSQL COPY FROM STDIN from memory...");
                    intoPostgres.read.add(read);
                    intoPostgres.write.add(seconds(() -> PostgresFloor.write(postgresUrl, schema, count)));
                    progress.println("  Weir into PostgreSQL RAW...");
                    heap.reset();
                    intoPostgres.weir.add(seconds(
                            () -> extract(SourceDriver.POSTGRESQL, postgresUrl, table, count, postgresTarget(schema))));
                    intoPostgres.peakHeap = Math.max(intoPostgres.peakHeap, heap.peakMegabytes());
                } finally {
                    try (Connection connection = DriverManager.getConnection(postgresUrl);
                            Statement statement = connection.createStatement()) {
                        statement.execute("drop schema if exists " + schema + " cascade");
                    }
                }
            }
        }
        String workload = String.format(Locale.ROOT, "PostgreSQL %,d rows x 10", count);
        List<Row> rows = new ArrayList<>();
        if (duckdb) {
            rows.addAll(rates(workload + " -> DuckDB", count, bytes[0], intoDuckDb, "DuckDB appender"));
        }
        if (postgres) {
            rows.addAll(rates(workload + " -> PostgreSQL", count, bytes[0], intoPostgres, "COPY FROM STDIN"));
        }
        return rows;
    }

    private List<Row> mariaDbSource(long count, boolean duckdb, int rounds, PrintStream progress) throws Exception {
        if (!duckdb) {
            return List.of();
        }
        String table = BenchSources.SCHEMA + "." + BenchSources.table(count);
        long[] bytes = new long[1];
        Rounds intoDuckDb = new Rounds();
        for (int round = 1; round <= rounds; round++) {
            progress.printf(
                    Locale.ROOT,
                    "Round %d of %d, MariaDB source, %,d rows: a streaming JDBC read into nothing...%n",
                    round,
                    rounds,
                    count);
            intoDuckDb.read.add(seconds(() -> bytes[0] = readAll(mariaDbUrl, table)));
            progress.println("  DuckDB appender from memory...");
            intoDuckDb.write.add(seconds(() -> DuckDbFloor.write(workDir.resolve("floor-maria.duckdb"), count)));
            progress.println("  Weir into DuckDB RAW...");
            Path dir = workDir.resolve("warehouse-maria-" + round);
            heap.reset();
            intoDuckDb.weir.add(
                    seconds(() -> extract(SourceDriver.MARIADB, mariaDbUrl, table, count, duckdbTarget(dir))));
            intoDuckDb.peakHeap = Math.max(intoDuckDb.peakHeap, heap.peakMegabytes());
            deleteFolder(dir);
        }
        String workload = String.format(Locale.ROOT, "MariaDB %,d rows x 10 -> DuckDB", count);
        return rates(workload, count, bytes[0], intoDuckDb, "DuckDB appender");
    }

    private static List<Row> rates(String workload, long count, long bytes, Rounds rounds, String writeFloor) {
        double read = Rounds.median(rounds.read);
        double write = Rounds.median(rounds.write);
        double weir = Rounds.median(rounds.weir);
        boolean readIsSlower = read >= write;
        double slower = Math.max(read, write);
        String floorName = readIsSlower ? "source read (slower floor)" : writeFloor + " (slower floor)";
        return List.of(
                new Row(workload, "rows/s", count / weir, count / slower, floorName),
                new Row(workload, "MB/s", bytes / 1e6 / weir, bytes / 1e6 / slower, floorName),
                new Row(workload, "source read, rows/s", count / weir, count / read, "source's own read"),
                new Row(workload, "bulk write, rows/s", count / weir, count / write, writeFloor),
                new Row(
                        workload,
                        "peak heap, MB",
                        rounds.peakHeap,
                        Runtime.getRuntime().maxMemory() / 1e6,
                        "-Xmx"));
    }

    private void extract(SourceDriver driver, String url, String table, long count, WarehouseTarget target) {
        Map<String, String> variables = connectionVariables(driver, url);
        ManifestTable manifestTable = new ManifestTable(
                "bench",
                1,
                "bench",
                "SELECT * FROM " + table,
                null,
                null,
                BenchSources.table(count),
                List.of("id"),
                null,
                false,
                LoadKind.SYNC);
        Manifest manifest = new Manifest(
                workDir.resolve("bench.yaml"),
                new ConnectionInfo(
                        driver,
                        "BENCH_USER",
                        variables.containsKey("BENCH_PASS") ? "BENCH_PASS" : null,
                        "BENCH_HOST",
                        "BENCH_DB",
                        "BENCH_PORT"),
                Map.of("bench", manifestTable));
        Instant now = Instant.now();
        DatabaseExtract extract = new DatabaseExtract(new DatabaseExtract.Options(
                manifest,
                "bench",
                workDir,
                List.of(),
                new DataInterval(now.minusSeconds(86_400), now),
                null,
                "bench",
                variables,
                "bench",
                "bench",
                0,
                Duration.ofSeconds(1),
                DatabaseExtract.DEFAULT_SYNC_RANGE));
        try (Warehouse warehouse = Warehouse.open(target)) {
            TablePlan plan = extract.plan(WarehouseSettings.rawDatabase(target)).get(0);
            TableResult result = extract.run(plan, warehouse, message -> {}, rows -> {}, () -> false);
            if (result.load().rows() != count) {
                throw new IllegalStateException(
                        "the benchmark loaded " + result.load().rows() + " rows, not " + count);
            }
        }
    }

    private static WarehouseTarget duckdbTarget(Path dir) {
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

    private static final Pattern MARIADB_URL =
            Pattern.compile("jdbc:(?:mariadb|mysql)://([^:/?]+)(?::(\\d+))?/([^?]*)(?:\\?(.*))?");

    /** The manifest variables that reach the database {@code url} names. */
    static Map<String, String> connectionVariables(SourceDriver driver, String url) {
        Map<String, String> variables = new HashMap<>();
        if (driver == SourceDriver.POSTGRESQL) {
            Properties properties = org.postgresql.Driver.parseURL(url, null);
            variables.put("BENCH_HOST", properties.getProperty("PGHOST"));
            variables.put("BENCH_PORT", properties.getProperty("PGPORT"));
            variables.put("BENCH_DB", properties.getProperty("PGDBNAME"));
            variables.put("BENCH_USER", properties.getProperty("user", "postgres"));
            if (properties.getProperty("password") != null) {
                variables.put("BENCH_PASS", properties.getProperty("password"));
            }
            return variables;
        }
        Matcher matcher = MARIADB_URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("cannot read host and database from " + url);
        }
        variables.put("BENCH_HOST", matcher.group(1));
        variables.put("BENCH_PORT", matcher.group(2) == null ? "3306" : matcher.group(2));
        variables.put("BENCH_DB", matcher.group(3).isEmpty() ? BenchSources.SCHEMA : matcher.group(3));
        variables.put("BENCH_USER", "root");
        if (matcher.group(4) != null) {
            for (String pair : matcher.group(4).split("&")) {
                String[] parts = pair.split("=", 2);
                if (parts.length == 2 && parts[0].equals("user")) {
                    variables.put("BENCH_USER", parts[1]);
                } else if (parts.length == 2 && parts[0].equals("password")) {
                    variables.put("BENCH_PASS", parts[1]);
                }
            }
        }
        return variables;
    }

    private long copyOut(String table) {
        try (Connection connection = DriverManager.getConnection(postgresUrl)) {
            CountingSink sink = new CountingSink();
            connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyOut("COPY (SELECT * FROM " + table + ") TO STDOUT", sink);
            return sink.bytes;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("the source floor failed: " + e.getMessage(), e);
        }
    }

    /** Reads every value of {@code table} as text, streaming; returns their size in bytes, as COPY would write. */
    private static long readAll(String url, String table) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.setFetchSize(10_000);
            long bytes = 0;
            try (ResultSet results = statement.executeQuery("SELECT * FROM " + table)) {
                int columns = results.getMetaData().getColumnCount();
                while (results.next()) {
                    for (int i = 1; i <= columns; i++) {
                        String value = results.getString(i);
                        bytes += value == null ? 2 : value.length() + 1;
                    }
                }
            }
            return bytes;
        } catch (SQLException e) {
            throw new IllegalStateException("the source floor failed: " + e.getMessage(), e);
        }
    }

    /** Deletes a round's warehouse, so that rounds do not add up on disk; a leftover is deleted with the work folder. */
    private static void deleteFolder(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // The benchmark's work folder is deleted at the end.
        }
    }

    private static double seconds(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static final class CountingSink extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            bytes += length;
        }
    }

    public static void print(List<Row> rows, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%-40s %-22s %12s %12s %7s  %s%n",
                "workload",
                "metric",
                "weir",
                "floor",
                "ratio",
                "floor is");
        for (Row row : rows) {
            out.printf(
                    Locale.ROOT,
                    "%-40s %-22s %12.1f %12.1f %6.2fx  %s%n",
                    row.workload(),
                    row.metric(),
                    row.weir(),
                    row.floor(),
                    row.ratio(),
                    row.floorName());
        }
    }
}

package io.weir.transform.bench;

import io.weir.transform.Transform;
import io.weir.transform.TransformOptions;
import io.weir.transform.TransformStep;
import io.weir.transform.artifacts.ManifestWriter;
import io.weir.transform.compile.TransformProject;
import io.weir.transform.deps.PackageInstaller;
import io.weir.transform.profile.Profiles;
import io.weir.transform.project.Node;
import io.weir.transform.run.NodeResult;
import io.weir.transform.run.RunReport;
import io.weir.warehouse.WarehouseTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The transform benchmark. Workload 1 parses and compiles a generated project of {@code models} models and
 * {@code tests} tests to a complete manifest, cold (first time in the process) and warm (again, files unchanged).
 * Workload 2 runs {@code runModels} small table models on DuckDB with one thread, beside the floor: the same SQL
 * statements Weir ran, executed back to back over one JDBC connection on a fresh database. Workload 3 parses and
 * compiles a project whose models call a package's macros in a fresh process, beside a fresh process reading its files.
 */
public final class TransformBenchmark {
    /** dbt-core 1.x's parse time for projects of 2,000 models, as its users report it (20 to 70 s); the low end. */
    static final double DBT_PARSE_SECONDS = 20.0;

    /** How often workload 2 is measured; the table shows the median. */
    private static final int ROUNDS = 3;

    private final Path workDir;

    public TransformBenchmark(Path workDir) {
        this.workDir = workDir;
    }

    /** One line of the table. */
    public record Row(String workload, String metric, double ours, double baseline, String baselineName) {
        public double ratio() {
            return Double.isNaN(baseline) ? Double.NaN : ours / baseline;
        }
    }

    public List<Row> run(int models, int tests, int runModels, PrintStream progress) {
        return run(models, tests, runModels, 800, 2000, progress);
    }

    /** As {@link #run(int, int, int, PrintStream)}, with workload 3's package-using project of that size. */
    public List<Row> run(
            int models, int tests, int runModels, int packageModels, int packageTests, PrintStream progress) {
        List<Row> rows = new ArrayList<>();
        rows.addAll(parse(models, tests, progress));
        rows.addAll(runTables(runModels, progress));
        rows.addAll(coldWithPackages(packageModels, packageTests, progress));
        return rows;
    }

    /**
     * Workload 3: a project whose models call a package's macros, parsed and compiled in a fresh process as a user
     * runs {@code weir transform compile}; the floor is a fresh process that only reads the project's files.
     */
    private List<Row> coldWithPackages(int models, int tests, PrintStream progress) {
        Path project = workDir.resolve("packages");
        GeneratedProject.write(project, models, tests, "view", project.resolve("target/bench.duckdb"), true);
        new PackageInstaller(project, Map.of(), line -> {}).install();
        progress.printf(
                Locale.ROOT,
                "Workload 3: parsing and compiling %d package-using models and %d tests in a fresh process, %d"
                        + " times...%n",
                models,
                tests,
                ROUNDS);
        double[] ours = new double[ROUNDS];
        double[] floor = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            floor[round] = seconds(() -> freshProcess(project, "--read-only"));
            ours[round] = seconds(() -> freshProcess(project, null));
        }
        String workload = "3. fresh process: " + models + " models with package macros, " + tests + " tests";
        return List.of(new Row(
                workload, "cold, s (target < 2 s)", median(ours), median(floor), "fresh JVM reading the files"));
    }

    private static void freshProcess(Path project, String flag) {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(launcherOptions());
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                ColdCompile.class.getName(),
                project.toAbsolutePath().toString()));
        if (flag != null) {
            command.add(flag);
        }
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the benchmark's compile process failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the benchmark's compile process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the benchmark's compile process ran", e);
        }
    }

    /**
     * The JVM options this process was started with, as the {@code weir} launcher chose them (on two cores or fewer,
     * its quick compiler only): the fresh process runs as a user's {@code weir transform compile} would.
     */
    private static List<String> launcherOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> option.startsWith("-XX:") || option.startsWith("-Xm") || option.startsWith("-Xs"))
                .filter(option -> !option.contains("FlightRecord"))
                .toList();
    }

    private List<Row> parse(int models, int tests, PrintStream progress) {
        Path project = workDir.resolve("parse");
        GeneratedProject.write(project, models, tests, "table", project.resolve("target/bench.duckdb"));
        progress.printf(Locale.ROOT, "Workload 1: parsing and compiling %d models and %d tests...%n", models, tests);
        double cold = seconds(() -> manifest(project));
        double warm = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            warm = Math.min(warm, seconds(() -> manifest(project)));
        }
        String workload = "1. parse+compile " + models + " models, " + tests + " tests";
        return List.of(
                new Row(workload, "cold, s", cold, DBT_PARSE_SECONDS, "dbt-core 1.x (20-70 s)"),
                new Row(workload, "warm, s", warm, DBT_PARSE_SECONDS, "dbt-core 1.x (20-70 s)"));
    }

    /** Loads, compiles every node and writes the manifest: the time to a complete manifest. */
    private static void manifest(Path project) {
        WarehouseTarget target = Profiles.load(project, "bench", null, project, Map.of());
        TransformProject loaded = TransformProject.load(project, target, Map.of(), Map.of());
        Map<String, String> compiled = new HashMap<>();
        for (Node node : loaded.manifest().nodes().values()) {
            compiled.put(node.uniqueId(), loaded.compile(node, null, false));
        }
        ManifestWriter.write(loaded.manifest(), target, compiled, project.resolve("target/manifest.json"));
    }

    private List<Row> runTables(int models, PrintStream progress) {
        Path project = workDir.resolve("run");
        Path database = project.resolve("target/bench.duckdb");
        GeneratedProject.write(project, models, 0, "table", database);
        progress.printf(
                Locale.ROOT,
                "Workload 2: running %d table models on DuckDB with one thread, after a warm-up run, %d times...%n",
                models,
                ROUNDS);
        TransformOptions options = new TransformOptions(
                project, project, null, List.of(), List.of(), false, Map.of(), 1, false, null, null, null, null,
                Map.of());
        List<String> statements = statements(project, build(options));
        replay(workDir.resolve("warm-up").resolve(database.getFileName()), statements);
        double[] ours = new double[ROUNDS];
        double[] floor = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            delete(database);
            ours[round] = seconds(() -> build(options));
            Path floorDatabase = workDir.resolve("floor-" + round).resolve(database.getFileName());
            floor[round] = seconds(() -> replay(floorDatabase, statements));
        }
        String workload = "2. run " + models + " table models, DuckDB";
        return List.of(
                new Row(workload, "total, s (--threads 1)", median(ours), median(floor), "same SQL back to back"));
    }

    private static RunReport build(TransformOptions options) {
        try (Transform transform = Transform.open(options)) {
            RunReport report = transform.execute(TransformStep.RUN, new PrintStream(OutputStream.nullOutputStream()));
            if (!report.success()) {
                throw new IllegalStateException("the benchmark project failed to build: " + report.counts());
            }
            return report;
        }
    }

    private static void delete(Path database) {
        try {
            Files.deleteIfExists(database);
            Files.deleteIfExists(database.resolveSibling(database.getFileName() + ".wal"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The statements Weir ran, in order: each node's file under {@code target/run/}. */
    private static List<String> statements(Path project, RunReport report) {
        Map<String, Path> files = new HashMap<>();
        try (var paths = Files.walk(project.resolve("target/run"))) {
            paths.filter(Files::isRegularFile)
                    .forEach(path -> files.put(path.getFileName().toString(), path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> statements = new ArrayList<>();
        for (NodeResult result : report.results()) {
            String name = result.uniqueId().substring(result.uniqueId().lastIndexOf('.') + 1) + ".sql";
            try {
                for (String statement : Files.readString(files.get(name)).split(";\n\n")) {
                    String sql = statement.strip();
                    if (sql.endsWith(";")) {
                        sql = sql.substring(0, sql.length() - 1);
                    }
                    if (!sql.isEmpty()) {
                        statements.add(sql);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return statements;
    }

    private static void replay(Path database, List<String> statements) {
        try {
            Files.createDirectories(database.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the floor could not replay a statement: " + e.getMessage(), e);
        }
    }

    private static double seconds(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    public static void print(List<Row> rows, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%-46s %-24s %9s %10s %9s  %s%n",
                "workload",
                "metric",
                "weir",
                "baseline",
                "ratio",
                "baseline is");
        for (Row row : rows) {
            out.printf(
                    Locale.ROOT,
                    "%-46s %-24s %9.3f %10.3f %8.2fx  %s%n",
                    row.workload(),
                    row.metric(),
                    row.ours(),
                    row.baseline(),
                    row.ratio(),
                    row.baselineName());
        }
    }
}

package io.weir.cli.bench;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.engine.bench.SchedulerBenchmark;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weir bench scheduler}: scheduler throughput and latency on H2 and, when reachable, PostgreSQL. */
@Command(
        name = "scheduler",
        description = "Run no-op and command workloads through the real scheduler and metadata DB; print a table.")
public final class SchedulerBenchCommand implements Callable<Integer> {
    private static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @Option(names = "--dags", defaultValue = "100", description = "DAGs in workload 1 (default ${DEFAULT-VALUE}).")
    private int dags;

    @Option(
            names = "--tasks",
            defaultValue = "10",
            description = "Linear tasks per DAG in workload 1 (default ${DEFAULT-VALUE}).")
    private int tasks;

    @Option(
            names = "--commands",
            defaultValue = "1000",
            description = "Command tasks in workload 2 (default ${DEFAULT-VALUE}).")
    private int commands;

    @Option(
            names = "--parallelism",
            defaultValue = "32",
            description = "Executor threads, and the baseline's (default ${DEFAULT-VALUE}).")
    private int parallelism;

    @Option(
            names = "--warm-up",
            defaultValue = "1",
            description = "Unmeasured rounds of both workloads before the measured ones (default ${DEFAULT-VALUE}).")
    private int warmUps;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            description = "Measured rounds; the table shows each metric's median (default ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(
            names = "--db",
            defaultValue = "all",
            description = "h2, postgres or all (default ${DEFAULT-VALUE}); PostgreSQL from WEIR_TEST_PG_URL.")
    private String db;

    @Override
    public Integer call() throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        // The JIT compiler's mode changes the numbers a lot on a small machine: say which one ran.
        List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
        out.println("Java " + Runtime.version() + " on " + Runtime.getRuntime().availableProcessors() + " CPUs"
                + (jvmOptions.isEmpty() ? "" : ", JVM options " + String.join(" ", jvmOptions)));
        Path workDir = Files.createTempDirectory("weir-bench-");
        List<SchedulerBenchmark.Row> rows = new ArrayList<>();
        SchedulerBenchmark benchmark = new SchedulerBenchmark(workDir);
        if (rounds < 1 || warmUps < 0) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    "--rounds takes 1 or more and --warm-up 0 or more, not " + rounds + " and " + warmUps);
        }
        String choice = db.toLowerCase(Locale.ROOT);
        if (!List.of("h2", "postgres", "all").contains(choice)) {
            throw new WeirException(ErrorCode.USER_INPUT, "--db takes h2, postgres or all, not " + db);
        }
        if (!choice.equals("postgres")) {
            rows.addAll(benchmark.run(options(Map.of(), "H2"), out));
        }
        if (!choice.equals("h2")) {
            String url = System.getenv().getOrDefault("WEIR_TEST_PG_URL", DEFAULT_PG_URL);
            String schema = "weir_bench_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            try {
                execute(url, "create schema " + schema);
            } catch (SQLException e) {
                if (choice.equals("postgres")) {
                    throw new WeirException(
                            ErrorCode.METADATA_DB, "PostgreSQL at " + url + " is not reachable: " + e.getMessage());
                }
                out.println(
                        "PostgreSQL is not reachable at " + url + "; its rows are left out (" + e.getMessage() + ")");
                schema = null;
            }
            if (schema != null) {
                try {
                    Map<String, String> environment = new HashMap<>();
                    environment.put("WEIR_DB_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
                    rows.addAll(benchmark.run(options(environment, "PostgreSQL"), out));
                } finally {
                    try {
                        execute(url, "drop schema " + schema + " cascade");
                    } catch (SQLException ignored) {
                        // A leftover benchmark schema is harmless.
                    }
                }
            }
        }
        out.println();
        SchedulerBenchmark.print(rows, out);
        deleteQuietly(workDir);
        return 0;
    }

    /** Removes the benchmark's temporary projects (their metadata and logs). */
    private static void deleteQuietly(Path folder) {
        try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // Leftovers in the temporary folder are harmless.
        }
    }

    private SchedulerBenchmark.Options options(Map<String, String> environment, String label) {
        return new SchedulerBenchmark.Options(dags, tasks, commands, parallelism, warmUps, rounds, environment, label);
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

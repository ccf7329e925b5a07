package io.weir.cli.bench;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.web.bench.WebBenchmark;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weir bench web}: pages and API endpoints over HTTP beside their store queries, then the API under load. */
@Command(
        name = "web",
        description = "Time the web server's pages and API endpoints beside the store queries they make, and the API"
                + " under concurrent clients; print a table.")
public final class WebBenchCommand implements Callable<Integer> {
    private static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @Option(names = "--dags", defaultValue = "1000", description = "DAGs in the project (default ${DEFAULT-VALUE}).")
    private int dags;

    @Option(names = "--runs", defaultValue = "100", description = "Runs of the big DAG (default ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--tasks", defaultValue = "50", description = "Tasks of the big DAG (default ${DEFAULT-VALUE}).")
    private int tasks;

    @Option(
            names = "--samples",
            defaultValue = "200",
            description = "Timed requests per page or endpoint (default ${DEFAULT-VALUE}).")
    private int samples;

    @Option(
            names = "--clients",
            defaultValue = "50",
            description = "Concurrent API clients (default ${DEFAULT-VALUE}).")
    private int clients;

    @Option(
            names = "--duration",
            defaultValue = "30",
            description = "Seconds of the load test (default ${DEFAULT-VALUE}).")
    private int seconds;

    @Option(
            names = "--db",
            defaultValue = "h2",
            description = "h2, postgres or all (default ${DEFAULT-VALUE}); PostgreSQL from WEIR_TEST_PG_URL.")
    private String db;

    @Override
    public Integer call() throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String choice = db.toLowerCase(Locale.ROOT);
        if (!List.of("h2", "postgres", "all").contains(choice)) {
            throw new WeirException(ErrorCode.USER_INPUT, "--db takes h2, postgres or all, not " + db);
        }
        if (dags < 1 || runs < 1 || tasks < 1 || samples < 10 || clients < 1 || seconds < 1) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    "--dags, --runs, --tasks, --clients and --duration take 1 or more, --samples 10 or more");
        }
        List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
        out.println("Java " + Runtime.version() + " on " + Runtime.getRuntime().availableProcessors() + " CPUs"
                + (jvmOptions.isEmpty() ? "" : ", JVM options " + String.join(" ", jvmOptions)));
        Path workDir = Files.createTempDirectory("weir-bench-web-");
        List<WebBenchmark.Row> rows = new ArrayList<>();
        try {
            WebBenchmark benchmark = new WebBenchmark(workDir);
            if (!choice.equals("postgres")) {
                rows.addAll(benchmark.run(options(Map.of(), "H2"), out));
            }
            if (!choice.equals("h2")) {
                rows.addAll(onPostgres(benchmark, choice.equals("postgres"), out));
            }
        } finally {
            BenchFolders.delete(workDir);
        }
        out.println();
        WebBenchmark.print(rows, out);
        return 0;
    }

    private List<WebBenchmark.Row> onPostgres(WebBenchmark benchmark, boolean required, PrintStream out) {
        String url = System.getenv().getOrDefault("WEIR_TEST_PG_URL", DEFAULT_PG_URL);
        String schema = "weir_bench_web_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try {
            execute(url, "create schema " + schema);
        } catch (SQLException e) {
            if (required) {
                throw new WeirException(
                        ErrorCode.METADATA_DB, "PostgreSQL at " + url + " is not reachable: " + e.getMessage());
            }
            out.println("PostgreSQL is not reachable at " + url + "; its rows are left out (" + e.getMessage() + ")");
            return List.of();
        }
        try {
            String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            return benchmark.run(options(Map.of("WEIR_DB_URL", schemaUrl), "PostgreSQL"), out);
        } finally {
            try {
                execute(url, "drop schema " + schema + " cascade");
            } catch (SQLException ignored) {
                // A leftover benchmark schema is harmless.
            }
        }
    }

    private WebBenchmark.Options options(Map<String, String> environment, String label) {
        return new WebBenchmark.Options(
                dags, runs, tasks, samples, clients, Duration.ofSeconds(seconds), environment, label);
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

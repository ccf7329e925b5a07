package io.weir.web.bench;

import io.weir.core.dag.Dag;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunType;
import io.weir.core.state.TaskState;
import io.weir.engine.Weir;
import io.weir.engine.ops.DagRuns;
import io.weir.store.DagQuery;
import io.weir.store.DagRunRecord;
import io.weir.store.MetadataStore;
import io.weir.store.RunQuery;
import io.weir.store.TaskInstanceRecord;
import io.weir.web.WebApp;
import io.weir.web.WebServer;
import io.weir.web.auth.Role;
import io.weir.web.ui.Grid;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code weir bench web}: a project with many DAGs and one DAG with many runs of many tasks, served by a real
 * {@link WebServer}; each page and endpoint is timed over HTTP beside its floor, the same store queries called
 * directly (no HTTP, no JSON, no HTML), then the API under concurrent clients.
 */
public final class WebBenchmark {
    private static final String PASSWORD = "bench-password";
    private static final String BIG_DAG = "bench_big";
    private static final Instant FIRST_RUN = Instant.parse("2024-01-01T00:00:00Z");
    /** What {@code GET /api/v1/dags/bench_big/dagRuns?limit=25&order_by=-execution_date} asks the store for. */
    private static final RunQuery LAST_25_RUNS = new RunQuery(
            List.of(BIG_DAG), List.of(), null, null, null, null, null, null, RunQuery.Order.LOGICAL_DATE, true, 25, 0);
    /** What {@code GET /api/v1/dags?limit=100} asks the store for. */
    private static final DagQuery FIRST_HUNDRED =
            new DagQuery(true, null, null, List.of(), DagQuery.Order.DAG_ID, false, 100, 0);

    /**
     * @param environment the environment the project opens with (WEIR_DB_URL selects PostgreSQL)
     * @param label what the metadata DB is, for the table
     */
    public record Options(
            int dags,
            int runs,
            int tasks,
            int samples,
            int clients,
            Duration loadDuration,
            Map<String, String> environment,
            String label) {
        public Options {
            if (dags < 1 || runs < 1 || tasks < 1 || samples < 10 || clients < 1) {
                throw new IllegalArgumentException("dags, runs, tasks and clients must be positive and samples 10+");
            }
        }
    }

    /** One line of the table; the floor is NaN where there is none (the load test). */
    public record Row(String db, String what, String metric, double weir, double floor, String unit) {
        double ratio() {
            return Double.isNaN(floor) || floor == 0 ? Double.NaN : weir / floor;
        }
    }

    private final Path workDir;

    public WebBenchmark(Path workDir) {
        this.workDir = workDir;
    }

    public List<Row> run(Options options, PrintStream progress) {
        Path project = workDir.resolve("web-" + options.label().toLowerCase(Locale.ROOT));
        progress.println(options.label() + ": writing " + options.dags() + " DAGs and " + options.runs() + " runs x "
                + options.tasks() + " tasks...");
        writeDags(project, options);
        try (Weir weir = Weir.open(project, options.environment())) {
            weir.dagBag();
            String runId = seedRuns(weir, options);
            WebApp app = WebApp.of(weir, "bench");
            app.accounts().create("bench", PASSWORD, Role.ADMIN, "bench@localhost", "Bench", "User");
            try (WebServer server = WebServer.start(app, "127.0.0.1", 0)) {
                Http http = new Http(server.port());
                http.signIn();
                MetadataStore store = weir.store();
                List<Row> rows = new ArrayList<>();
                progress.println(options.label() + ": timing pages and endpoints...");
                rows.addAll(compare(
                        options,
                        "DAGs page /",
                        () -> http.page("/"),
                        () -> store.inTransaction(session -> {
                            session.dags().list();
                            session.overview().latestRuns();
                            session.overview().latestRunTaskStates();
                            return session.dags().importErrors();
                        })));
                rows.addAll(compare(
                        options,
                        "DAG page, grid of 25 runs",
                        () -> http.page("/dags/" + BIG_DAG),
                        () -> store.inTransaction(session -> {
                            session.dags().find(BIG_DAG);
                            session.runs().count(BIG_DAG, null);
                            List<String> runIds = session.runs().list(BIG_DAG, null, Grid.PAGE, 0).stream()
                                    .map(DagRunRecord::runId)
                                    .toList();
                            return session.overview().taskStatesOfRuns(BIG_DAG, runIds);
                        })));
                rows.addAll(compare(
                        options,
                        "GET /api/v1/dags?limit=100",
                        () -> http.api("/api/v1/dags?limit=100"),
                        () -> store.inTransaction(session -> {
                            session.dags().list(FIRST_HUNDRED);
                            session.dags().count(FIRST_HUNDRED);
                            return session.dags().importErrors();
                        })));
                rows.addAll(compare(
                        options,
                        "task instances of a run (API)",
                        () -> http.api("/api/v1/dags/" + BIG_DAG + "/dagRuns/" + encode(runId) + "/taskInstances"),
                        () -> store.inTransaction(session -> {
                            session.runs().find(BIG_DAG, runId);
                            return session.taskInstances().forRun(BIG_DAG, runId);
                        })));
                rows.addAll(compare(
                        options,
                        "last 25 runs (API)",
                        () -> http.api("/api/v1/dags/" + BIG_DAG + "/dagRuns?limit=25&order_by=-execution_date"),
                        () -> store.inTransaction(session -> {
                            session.dags().find(BIG_DAG);
                            session.runs().list(LAST_25_RUNS);
                            return session.runs().count(LAST_25_RUNS);
                        })));
                progress.println(options.label() + ": " + options.clients() + " clients for "
                        + options.loadDuration().toSeconds() + " s...");
                rows.addAll(load(options, http));
                return rows;
            }
        }
    }

    private static void writeDags(Path project, Options options) {
        try {
            Path dags = project.resolve("dags");
            Files.createDirectories(dags);
            Files.writeString(project.resolve("weir.yaml"), "dags_are_paused_at_creation: true\n");
            for (int index = 0; index < options.dags(); index++) {
                Files.writeString(
                        dags.resolve("bench_" + index + ".yaml"),
                        "dag_id: bench_" + index
                                + "\ndescription: DAG number " + index
                                + "\nschedule: \"@daily\"\nstart_date: 2024-01-01\n"
                                + "catchup: false\ntags: [bench, group" + (index % 10)
                                + "]\ntasks:\n  only:\n    type: empty\n");
            }
            StringBuilder big = new StringBuilder("dag_id: " + BIG_DAG + "\nschedule: \"@daily\"\n"
                    + "start_date: 2024-01-01\ncatchup: false\ntasks:\n");
            for (int task = 0; task < options.tasks(); task++) {
                big.append("  t").append(task).append(":\n    type: empty\n");
                if (task > 0) {
                    big.append("    after: [t").append(task - 1).append("]\n");
                }
            }
            Files.writeString(dags.resolve(BIG_DAG + ".yaml"), big.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The big DAG's finished runs and their task instances, as a scheduler would have left them; the middle run's id. */
    private static String seedRuns(Weir weir, Options options) {
        Dag dag = weir.requireDag(BIG_DAG);
        Instant now = Instant.now();
        List<String> runIds = new ArrayList<>();
        for (int index = 0; index < options.runs(); index++) {
            Instant logicalDate = FIRST_RUN.plus(Duration.ofDays(index));
            DagRunRecord run =
                    DagRuns.newRun(dag, RunType.SCHEDULED, logicalDate, DagRunState.SUCCESS, "{}", now, null);
            DagRunRecord stored =
                    weir.store().inTransaction(session -> session.runs().create(run));
            runIds.add(stored.runId());
            List<TaskInstanceRecord> instances = new ArrayList<>();
            for (String taskId : dag.tasks().keySet()) {
                Instant start = logicalDate.plus(Duration.ofDays(1)).plusSeconds(instances.size());
                instances.add(new TaskInstanceRecord(
                        BIG_DAG,
                        stored.runId(),
                        taskId,
                        TaskState.SUCCESS,
                        1,
                        1,
                        start,
                        start,
                        start.plusMillis(500),
                        null,
                        "default_pool",
                        1,
                        1,
                        "empty",
                        "bench-host",
                        null,
                        null,
                        null));
            }
            weir.store().useTransaction(session -> session.taskInstances().insertAll(instances));
        }
        return runIds.get(runIds.size() / 2);
    }

    private static List<Row> compare(Options options, String what, Runnable request, Supplier<?> floor) {
        for (int warm = 0; warm < Math.max(20, options.samples() / 5); warm++) {
            request.run();
            floor.get();
        }
        double[] weir = new double[options.samples()];
        double[] base = new double[options.samples()];
        for (int sample = 0; sample < options.samples(); sample++) {
            long start = System.nanoTime();
            request.run();
            weir[sample] = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            floor.get();
            base[sample] = (System.nanoTime() - start) / 1e6;
        }
        return List.of(
                new Row(options.label(), what, "p50", percentile(weir, 50), percentile(base, 50), "ms"),
                new Row(options.label(), what, "p99", percentile(weir, 99), percentile(base, 99), "ms"));
    }

    private static List<Row> load(Options options, Http http) {
        int clients = options.clients();
        long end = System.nanoTime() + options.loadDuration().toNanos();
        List<List<Double>> latencies = new ArrayList<>();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        for (int client = 0; client < clients; client++) {
            List<Double> mine = new ArrayList<>();
            latencies.add(mine);
            pool.execute(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        try {
                            http.api("/api/v1/dags?limit=100");
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                        }
                        mine.add((System.nanoTime() - start) / 1e6);
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] all = latencies.stream()
                .flatMap(List::stream)
                .mapToDouble(Double::doubleValue)
                .toArray();
        String what = clients + " clients, GET /api/v1/dags";
        return List.of(
                new Row(options.label(), what, "requests/s", all.length / seconds, Double.NaN, "1/s"),
                new Row(options.label(), what, "p99", percentile(all, 99), Double.NaN, "ms"),
                new Row(options.label(), what, "errors", errors.get(), Double.NaN, "count"));
    }

    private static double percentile(double[] values, int percent) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static void print(List<Row> rows, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%-11s %-34s %-12s %12s %12s %9s%n",
                "db",
                "page / endpoint",
                "metric",
                "weir",
                "floor",
                "ratio");
        for (Row row : rows) {
            out.printf(
                    Locale.ROOT,
                    "%-11s %-34s %-12s %12s %12s %9s%n",
                    row.db(),
                    row.what(),
                    row.metric() + (row.unit().equals("ms") ? " (ms)" : ""),
                    format(row.weir()),
                    Double.isNaN(row.floor()) ? "-" : format(row.floor()),
                    Double.isNaN(row.ratio()) ? "-" : String.format(Locale.ROOT, "%.1fx", row.ratio()));
        }
    }

    private static String format(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** A browser-like client: a session cookie for pages, basic credentials for the API. */
    private static final class Http {
        private final int port;
        private final HttpClient client;
        private final String basic =
                "Basic " + Base64.getEncoder().encodeToString(("bench:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

        Http(int port) {
            this.port = port;
            this.client = HttpClient.newBuilder()
                    .cookieHandler(new CookieManager())
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
        }

        void signIn() {
            String loginPage =
                    send(HttpRequest.newBuilder(uri("/login")).build()).body();
            int at = loginPage.indexOf("name=\"csrf_token\" value=\"");
            String token = loginPage.substring(at + 25, loginPage.indexOf('"', at + 25));
            String form = "csrf_token=" + token + "&username=bench&password=" + PASSWORD;
            send(HttpRequest.newBuilder(uri("/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build());
        }

        void page(String path) {
            HttpResponse<String> response =
                    send(HttpRequest.newBuilder(uri(path)).build());
            if (response.statusCode() != 200 || response.body().contains("Sign in to Weir")) {
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
        }

        void api(String path) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path))
                    .header("Authorization", basic)
                    .build());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        private HttpResponse<String> send(HttpRequest request) {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}

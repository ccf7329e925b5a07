package io.weir.web.ui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.weir.core.dag.Dag;
import io.weir.store.DagRecord;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import io.weir.web.WebApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DAG page's other tabs: graph, Gantt chart of a run, task durations and landing times over the latest runs,
 * the DAG file (highlighted), run history, and the trigger form with a JSON conf and a logical date.
 */
public final class DagViews {
    static final int RUNS = 25;

    private DagViews() {}

    static void register(JavalinConfig config, WebApp app) {
        var routes = config.routes;
        routes.get("/dags/{dag_id}/graph", ctx -> view(ctx, app, "graph"));
        routes.get("/dags/{dag_id}/gantt", ctx -> view(ctx, app, "gantt"));
        routes.get("/dags/{dag_id}/durations", ctx -> view(ctx, app, "durations"));
        routes.get("/dags/{dag_id}/landing", ctx -> view(ctx, app, "landing"));
        routes.get("/dags/{dag_id}/code", ctx -> view(ctx, app, "code"));
        routes.get("/dags/{dag_id}/runs", ctx -> view(ctx, app, "runs"));
        routes.get("/dags/{dag_id}/trigger", ctx -> view(ctx, app, "trigger"));
    }

    /** What one tab shows; the fields a tab does not use are empty. */
    public record View(
            String tab,
            List<DagRunRecord> runs,
            DagRunRecord selected,
            Chart chart,
            List<YamlHighlighter.Line> code,
            String problem) {}

    private static void view(Context ctx, WebApp app, String tab) {
        String dagId = ctx.pathParam("dag_id");
        Optional<DagRecord> record =
                app.weir().store().inTransaction(session -> session.dags().find(dagId));
        Optional<Dag> dag = app.weir().dagBag().find(dagId);
        if (record.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).result("No DAG " + dagId + "; the DAGs page lists the DAGs there are.");
            return;
        }
        List<DagRunRecord> newestFirst =
                app.weir().store().inTransaction(session -> session.runs().list(dagId, null, RUNS, 0));
        List<DagRunRecord> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        DagRunRecord selected = selectedRun(ctx, newestFirst, app, dagId);
        Chart chart = null;
        List<YamlHighlighter.Line> code = List.of();
        String problem = null;
        switch (tab) {
            case "graph" -> {
                if (dag.isPresent()) {
                    chart = graph(app, dag.get(), selected);
                } else {
                    problem = "The DAG file does not load now, so its tasks are unknown; see the import errors.";
                }
            }
            case "gantt" -> chart = selected == null ? null : gantt(app, selected);
            case "durations" -> chart = durations(app, dag, dagId, oldestFirst);
            case "landing" -> chart = Charts.landingTimes(oldestFirst);
            case "code" -> {
                Optional<Path> file = dagFile(app, record.get());
                if (file.isEmpty()) {
                    problem = "The DAG file " + record.get().fileloc() + " is not inside the project's DAG folder,"
                            + " so it is not shown.";
                } else {
                    code = YamlHighlighter.highlight(read(file.get()));
                }
            }
            default -> {
                // runs and trigger need only the runs.
            }
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("dag", record.get());
        parameters.put("view", new View(tab, newestFirst, selected, chart, code, problem));
        parameters.put("canOperate", Pages.role(ctx, app).canOperate());
        Pages.render(ctx, app, "dag_view.jte", dagId, parameters);
    }

    /** The run named by {@code ?run_id=}, else the newest. */
    private static DagRunRecord selectedRun(Context ctx, List<DagRunRecord> newest, WebApp app, String dagId) {
        String runId = Pages.text(ctx, "run_id");
        if (!runId.isEmpty()) {
            Optional<DagRunRecord> run =
                    app.weir().store().inTransaction(session -> session.runs().find(dagId, runId));
            if (run.isPresent()) {
                return run.get();
            }
        }
        return newest.isEmpty() ? null : newest.get(0);
    }

    private static Chart graph(WebApp app, Dag dag, DagRunRecord run) {
        Map<String, String> states = new HashMap<>();
        Map<String, String> links = new HashMap<>();
        if (run != null) {
            for (TaskInstanceRecord instance : instances(app, run)) {
                states.put(instance.taskId(), instance.state().label());
                links.put(instance.taskId(), TaskInstancePage.path(dag.dagId(), run.runId(), instance.taskId()));
            }
        }
        return Charts.graph(dag, states, links);
    }

    private static Chart gantt(WebApp app, DagRunRecord run) {
        List<TaskInstanceRecord> instances = instances(app, run);
        Map<String, List<TryHistory.Try>> tries = new HashMap<>();
        for (TaskInstanceRecord instance : instances) {
            if (instance.tryNumber() > 1) {
                tries.put(instance.taskId(), TryHistory.read(app.weir().logsDir(), instance));
            }
        }
        return Charts.gantt(instances, tries, app.weir().services().clock().instant());
    }

    private static Chart durations(WebApp app, Optional<Dag> dag, String dagId, List<DagRunRecord> runs) {
        List<TaskInstanceRecord> instances = app.weir().store().inTransaction(session -> session.overview()
                .taskInstancesOfRuns(
                        dagId, runs.stream().map(DagRunRecord::runId).toList()));
        Map<String, Map<String, Double>> seconds = new HashMap<>();
        List<String> taskIds = new ArrayList<>(
                dag.map(parsed -> List.copyOf(parsed.tasks().keySet())).orElse(List.of()));
        for (TaskInstanceRecord instance : instances) {
            if (!taskIds.contains(instance.taskId())) {
                taskIds.add(instance.taskId());
            }
            if (instance.durationSeconds() != null && instance.endDate() != null) {
                seconds.computeIfAbsent(instance.taskId(), id -> new HashMap<>())
                        .put(instance.runId(), instance.durationSeconds());
            }
        }
        return Charts.durations(taskIds, runs, seconds);
    }

    private static List<TaskInstanceRecord> instances(WebApp app, DagRunRecord run) {
        return app.weir().store().inTransaction(session -> session.taskInstances()
                .forRun(run.dagId(), run.runId()));
    }

    /**
     * The DAG's file, only when it lies inside the project's DAG folder: the path comes from the metadata DB, never
     * from the request, and a stored path that points elsewhere (../, a link out) is refused all the same.
     */
    static Optional<Path> dagFile(WebApp app, DagRecord dag) {
        try {
            Path folder = app.weir()
                    .projectDir()
                    .resolve(app.weir().settings().dagsFolder())
                    .toRealPath();
            Path file = app.weir().projectDir().resolve(dag.fileloc()).normalize();
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            Path real = file.toRealPath();
            return real.startsWith(folder) ? Optional.of(real) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.weir.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.weir.core.dag.Dag;
import io.weir.core.state.TaskState;
import io.weir.engine.ops.ClearRequest;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import io.weir.web.WebApp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Clearing and marking task instances through the engine's operations, with Airflow's dry runs. */
final class TaskInstanceActions {
    private final WebApp app;
    private final DagsApi dags;
    private final RunsApi runs;

    TaskInstanceActions(WebApp app, DagsApi dags, RunsApi runs) {
        this.app = app;
        this.dags = dags;
        this.runs = runs;
    }

    /** {@code POST /dags/{dag_id}/clearTaskInstances}; {@code dry_run} (default true) only lists what would change. */
    void clearTaskInstances(Context ctx) {
        String dagId = ctx.pathParam("dag_id");
        dags.require(dagId);
        JsonNode body = Bodies.object(ctx);
        boolean dryRun = flag(body, "dry_run", true);
        List<String> taskIds = new ArrayList<>();
        if (body.has("task_ids") && body.get("task_ids").isArray()) {
            body.get("task_ids").forEach(id -> taskIds.add(id.asText()));
        }
        String regex = taskIds.isEmpty()
                ? null
                : "^(" + String.join("|", taskIds.stream().map(Pattern::quote).toList()) + ")$";
        String start = Bodies.text(body, "start_date");
        String end = Bodies.text(body, "end_date");
        String runId = Bodies.text(body, "dag_run_id");
        if (runId != null) {
            runs.requireRun(dagId, runId);
        }
        ClearRequest request = new ClearRequest(
                dagId,
                regex,
                start == null ? null : Params.instant("start_date", start),
                end == null ? null : Params.instant("end_date", end),
                runId,
                flag(body, "only_failed", true),
                flag(body, "include_downstream", false),
                flag(body, "include_upstream", false));
        List<TaskInstanceRecord> instances =
                dryRun ? app.weir().previewClear(request) : app.weir().clear(request);
        if (!dryRun) {
            app.audit()
                    .record(
                            Access.actor(ctx),
                            "clear",
                            dagId,
                            runId,
                            taskIds.isEmpty() ? null : String.join(",", taskIds),
                            body.toString());
        }
        respondReferences(ctx, instances);
    }

    /** {@code POST /dags/{dag_id}/dagRuns/{dag_run_id}/clear}: the whole run; a dry run lists its instances. */
    void clearRun(Context ctx) {
        DagRunRecord run = runs.requireRun(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
        JsonNode body = ctx.body().isBlank() ? ApiJson.mapper().createObjectNode() : Bodies.object(ctx);
        boolean dryRun = flag(body, "dry_run", true);
        ClearRequest request = ClearRequest.wholeRun(run.dagId(), run.runId());
        if (dryRun) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (TaskInstanceRecord instance : app.weir().previewClear(request)) {
                items.add(ApiJson.taskInstance(instance, run.logicalDate()));
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("task_instances", items);
            json.put("total_entries", items.size());
            ctx.result(ApiJson.bytes(json)).contentType("application/json");
            return;
        }
        app.weir().clear(request);
        app.audit().record(Access.actor(ctx), "clear", run.dagId(), run.runId(), null, "whole run");
        ctx.result(ApiJson.bytes(ApiJson.dagRun(runs.requireRun(run.dagId(), run.runId()))))
                .contentType("application/json");
    }

    /** {@code POST /dags/{dag_id}/updateTaskInstancesState}: mark success or failed, with upstream/downstream. */
    void updateTaskInstancesState(Context ctx) {
        String dagId = ctx.pathParam("dag_id");
        dags.require(dagId);
        JsonNode body = Bodies.object(ctx);
        boolean dryRun = flag(body, "dry_run", true);
        String taskId = Bodies.text(body, "task_id");
        if (taskId == null) {
            throw ApiProblem.badRequest("task_id is required");
        }
        TaskState state = newState(Bodies.text(body, "new_state"));
        DagRunRecord run;
        String runId = Bodies.text(body, "dag_run_id");
        String date = Bodies.text(body, "execution_date");
        if (runId != null) {
            run = runs.requireRun(dagId, runId);
        } else if (date != null) {
            Instant logicalDate = Params.instant("execution_date", date);
            run = app.weir()
                    .store()
                    .inTransaction(session -> session.runs().findByLogicalDate(dagId, logicalDate))
                    .orElseThrow(() -> ApiProblem.notFound(
                            "DAGRun not found", "No run of DAG " + dagId + " at " + ApiJson.timestamp(logicalDate)));
        } else {
            throw ApiProblem.badRequest("Give dag_run_id or execution_date");
        }
        boolean downstream = flag(body, "include_downstream", false);
        boolean upstream = flag(body, "include_upstream", false);
        Dag dag = app.weir().requireDag(dagId);
        if (dag.task(taskId) == null) {
            throw ApiProblem.notFound("Task not found", "Task " + taskId + " not found in DAG " + dagId);
        }
        List<TaskInstanceRecord> instances;
        if (dryRun) {
            Set<String> selected = new LinkedHashSet<>();
            selected.add(taskId);
            if (downstream) {
                selected.addAll(dag.allDownstream(taskId));
            }
            if (upstream) {
                selected.addAll(dag.allUpstream(taskId));
            }
            DagRunRecord target = run;
            instances =
                    app
                            .weir()
                            .store()
                            .inTransaction(session -> session.taskInstances().forRun(dagId, target.runId()))
                            .stream()
                            .filter(instance -> selected.contains(instance.taskId()) && instance.state() != state)
                            .toList();
        } else {
            instances = app.weir().mark(dagId, taskId, run.runId(), state, downstream, upstream);
            app.audit()
                    .record(
                            Access.actor(ctx),
                            "mark." + state.name().toLowerCase(Locale.ROOT),
                            dagId,
                            run.runId(),
                            taskId,
                            body.toString());
        }
        respondReferences(ctx, instances);
    }

    /**
     * {@code PATCH .../taskInstances/{task_id}}: mark one task instance success or failed; {@code dry_run} (default
     * false, as Airflow's) only names it.
     */
    void patchTaskInstance(Context ctx) {
        DagRunRecord run = runs.requireRun(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
        TaskInstanceRecord instance = runs.requireInstance(run, ctx.pathParam("task_id"));
        JsonNode body = Bodies.object(ctx);
        TaskState state = newState(Bodies.text(body, "new_state"));
        if (!flag(body, "dry_run", false)) {
            app.weir().mark(run.dagId(), instance.taskId(), run.runId(), state, false, false);
            app.audit()
                    .record(
                            Access.actor(ctx),
                            "mark." + state.name().toLowerCase(Locale.ROOT),
                            run.dagId(),
                            run.runId(),
                            instance.taskId(),
                            body.toString());
        }
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("task_id", instance.taskId());
        reference.put("dag_id", run.dagId());
        reference.put("execution_date", ApiJson.timestamp(run.logicalDate()));
        reference.put("dag_run_id", run.runId());
        ctx.result(ApiJson.bytes(reference)).contentType("application/json");
    }

    private static TaskState newState(String name) {
        if ("success".equals(name)) {
            return TaskState.SUCCESS;
        }
        if ("failed".equals(name)) {
            return TaskState.FAILED;
        }
        throw ApiProblem.badRequest("new_state must be success or failed, not " + name);
    }

    private void respondReferences(Context ctx, List<TaskInstanceRecord> instances) {
        Map<String, Instant> logicalDates = new LinkedHashMap<>();
        List<Map<String, Object>> items = new ArrayList<>();
        for (TaskInstanceRecord instance : instances) {
            Instant logicalDate =
                    logicalDates.computeIfAbsent(instance.runId(), runId -> runs.requireRun(instance.dagId(), runId)
                            .logicalDate());
            Map<String, Object> reference = new LinkedHashMap<>();
            reference.put("task_id", instance.taskId());
            reference.put("dag_id", instance.dagId());
            reference.put("execution_date", ApiJson.timestamp(logicalDate));
            reference.put("dag_run_id", instance.runId());
            items.add(reference);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("task_instances", items);
        ctx.result(ApiJson.bytes(json)).contentType("application/json");
    }

    private static boolean flag(JsonNode body, String field, boolean defaultValue) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw ApiProblem.badRequest(field + " must be true or false");
        }
        return value.booleanValue();
    }
}

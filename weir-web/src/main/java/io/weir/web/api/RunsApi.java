package io.weir.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.weir.core.state.DagRunState;
import io.weir.core.state.TaskState;
import io.weir.engine.log.TaskLogPaths;
import io.weir.store.DagRecord;
import io.weir.store.DagRunRecord;
import io.weir.store.RunQuery;
import io.weir.store.TaskInstanceRecord;
import io.weir.web.WebApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** DAG runs, their task instances and each try's log. */
final class RunsApi {
    private static final Map<String, RunQuery.Order> RUN_ORDER = Map.of(
            "execution_date", RunQuery.Order.LOGICAL_DATE,
            "logical_date", RunQuery.Order.LOGICAL_DATE,
            "start_date", RunQuery.Order.START_DATE,
            "end_date", RunQuery.Order.END_DATE,
            "dag_run_id", RunQuery.Order.RUN_ID,
            "dag_id", RunQuery.Order.DAG_ID,
            "state", RunQuery.Order.STATE,
            "id", RunQuery.Order.ID);
    private static final Map<String, Function<TaskInstanceRecord, Comparable<?>>> INSTANCE_ORDER = Map.of(
            "task_id",
            TaskInstanceRecord::taskId,
            "start_date",
            instance -> instance.startDate(),
            "end_date",
            instance -> instance.endDate(),
            "state",
            instance -> instance.state().name(),
            "duration",
            instance -> instance.durationSeconds(),
            "try_number",
            TaskInstanceRecord::tryNumber,
            "dag_run_id",
            TaskInstanceRecord::runId,
            "dag_id",
            TaskInstanceRecord::dagId);

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_.~:+-]{1,250}");

    private final WebApp app;
    private final DagsApi dags;

    RunsApi(WebApp app, DagsApi dags) {
        this.app = app;
        this.dags = dags;
    }

    /** {@code GET /dags/{dag_id}/dagRuns} ({@code ~} for every DAG): filtered, sorted and paged by the database. */
    void list(Context ctx) {
        String dagId = ctx.pathParam("dag_id");
        Page page = Page.of(ctx, "execution_date", RUN_ORDER.keySet());
        if (!dagId.equals("~")) {
            dags.require(dagId);
        }
        RunQuery query = new RunQuery(
                dagId.equals("~") ? List.of() : List.of(dagId),
                states(ctx.queryParams("state")),
                Params.instantParam(ctx, "execution_date_gte"),
                Params.instantParam(ctx, "execution_date_lte"),
                Params.instantParam(ctx, "start_date_gte"),
                Params.instantParam(ctx, "start_date_lte"),
                Params.instantParam(ctx, "end_date_gte"),
                Params.instantParam(ctx, "end_date_lte"),
                RUN_ORDER.get(page.orderBy()),
                page.descending(),
                page.limit(),
                page.offset());
        respondRuns(ctx, query);
    }

    /** {@code POST /dags/~/dagRuns/list}: the same filters in a JSON body, across DAGs. */
    void listBatch(Context ctx) {
        JsonNode body = Bodies.object(ctx);
        List<String> dagIds = strings(body, "dag_ids");
        dagIds.forEach(dags::require);
        Page page = bodyPage(body, "execution_date", RUN_ORDER.keySet());
        RunQuery query = new RunQuery(
                dagIds,
                states(strings(body, "states")),
                instant(body, "execution_date_gte"),
                instant(body, "execution_date_lte"),
                instant(body, "start_date_gte"),
                instant(body, "start_date_lte"),
                instant(body, "end_date_gte"),
                instant(body, "end_date_lte"),
                RUN_ORDER.get(page.orderBy()),
                page.descending(),
                page.limit(),
                page.offset());
        respondRuns(ctx, query);
    }

    private void respondRuns(Context ctx, RunQuery query) {
        Map.Entry<List<DagRunRecord>, Integer> found = app.weir()
                .store()
                .inTransaction(session ->
                        Map.entry(session.runs().list(query), session.runs().count(query)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dag_runs", found.getKey().stream().map(ApiJson::dagRun).toList());
        json.put("total_entries", found.getValue());
        ctx.result(ApiJson.bytes(json)).contentType("application/json");
    }

    /** Run states named as Airflow names them; a 400 naming the ones there are for any other. */
    private static List<DagRunState> states(List<String> names) {
        List<DagRunState> states = new ArrayList<>();
        for (String name : names) {
            DagRunState state = Arrays.stream(DagRunState.values())
                    .filter(candidate -> candidate.label().equalsIgnoreCase(name.strip()))
                    .findFirst()
                    .orElseThrow(() -> ApiProblem.badRequest(
                            "A run's state is queued, running, success or failed, not '" + name + "'"));
            states.add(state);
        }
        return states;
    }

    void get(Context ctx) {
        DagRunRecord run = requireRun(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
        ctx.result(ApiJson.bytes(ApiJson.dagRun(run))).contentType("application/json");
    }

    /** {@code POST /dags/{dag_id}/dagRuns}: a manual run, through the same operation as {@code dags trigger}. */
    void trigger(Context ctx) {
        String dagId = ctx.pathParam("dag_id");
        dags.require(dagId);
        JsonNode body = Bodies.object(ctx);
        String logical = Bodies.text(body, "logical_date");
        if (logical == null) {
            logical = Bodies.text(body, "execution_date");
        }
        Instant logicalDate = logical == null ? null : Params.instant("logical_date", logical);
        JsonNode conf = body.get("conf");
        if (conf != null && !conf.isNull() && !conf.isObject()) {
            throw ApiProblem.badRequest("conf must be a JSON object");
        }
        String runId = Bodies.text(body, "dag_run_id");
        if (runId != null) {
            requireUsableRunId(runId);
            boolean taken = app.weir()
                    .store()
                    .inTransaction(session -> session.runs().find(dagId, runId))
                    .isPresent();
            if (taken) {
                throw ApiProblem.conflict(
                        "DAGRun with DAG ID: '" + dagId + "' and DAGRun ID: '" + runId + "' already exists");
            }
        }
        if (logicalDate != null) {
            boolean exists = app.weir()
                    .store()
                    .inTransaction(session -> session.runs().findByLogicalDate(dagId, logicalDate))
                    .isPresent();
            if (exists) {
                throw ApiProblem.conflict("DAGRun with DAG ID: '" + dagId + "' and logical date: '"
                        + ApiJson.timestamp(logicalDate) + "' already exists");
            }
        }
        DagRunRecord run =
                app.weir().trigger(dagId, logicalDate, runId, conf == null || conf.isNull() ? null : conf.toString());
        app.audit()
                .record(
                        Access.actor(ctx),
                        "trigger",
                        dagId,
                        run.runId(),
                        null,
                        conf == null || conf.isNull() ? null : conf.toString());
        ctx.result(ApiJson.bytes(ApiJson.dagRun(run))).contentType("application/json");
    }

    /** {@code PATCH /dags/{dag_id}/dagRuns/{dag_run_id}}: set the run to success, failed or queued. */
    void patch(Context ctx) {
        DagRunRecord run = requireRun(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
        String state = Bodies.text(Bodies.object(ctx), "state");
        DagRunState target;
        if ("success".equals(state)) {
            target = DagRunState.SUCCESS;
        } else if ("failed".equals(state)) {
            target = DagRunState.FAILED;
        } else if ("queued".equals(state)) {
            target = DagRunState.QUEUED;
        } else {
            throw ApiProblem.badRequest("state must be success, failed or queued, not " + state);
        }
        DagRunRecord changed = app.weir().markRun(run.dagId(), run.runId(), target);
        app.audit().record(Access.actor(ctx), "dag_run." + state, run.dagId(), run.runId(), null, null);
        ctx.result(ApiJson.bytes(ApiJson.dagRun(changed))).contentType("application/json");
    }

    /** {@code DELETE /dags/{dag_id}/dagRuns/{dag_run_id}}: the run with its task instances and XComs. */
    void delete(Context ctx) {
        DagRunRecord run = requireRun(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
        app.weir().deleteRun(run.dagId(), run.runId());
        app.audit().record(Access.actor(ctx), "delete", run.dagId(), run.runId(), null, null);
        ctx.status(204);
    }

    /** Airflow's rule for a run id given by hand: letters, digits and {@code _ . ~ : + -}, not the wildcard. */
    private static void requireUsableRunId(String runId) {
        if (runId.equals("~") || !RUN_ID.matcher(runId).matches()) {
            throw ApiProblem.badRequest(
                    "dag_run_id '" + runId + "' is not usable; use 1 to 250 letters, digits and" + " _ . ~ : + -");
        }
    }

    void taskInstances(Context ctx) {
        Page page = Page.of(ctx, "task_id", INSTANCE_ORDER.keySet());
        List<DagRunRecord> selected = runsFor(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
        respondInstances(ctx, selected, List.of(), lower(ctx.queryParams("state")), ctx.queryParams("pool"), page);
    }

    /**
     * {@code POST /dags/~/dagRuns/~/taskInstances/list}: task instances across DAGs and runs, the filters in a JSON
     * body ({@code dag_ids}, {@code dag_run_ids}, {@code task_ids}, {@code state}, {@code pool}, logical date range).
     */
    void listInstancesBatch(Context ctx) {
        JsonNode body = Bodies.object(ctx);
        List<String> dagIds = strings(body, "dag_ids");
        List<String> runIds = strings(body, "dag_run_ids");
        Instant from = instant(body, "execution_date_gte");
        Instant to = instant(body, "execution_date_lte");
        Page page = bodyPage(body, "task_id", INSTANCE_ORDER.keySet());
        List<DagRunRecord> selected = new ArrayList<>();
        for (String dagId : dagIds.isEmpty() ? allDagIds() : dagIds) {
            for (DagRunRecord run : runsOf(dagId)) {
                if ((runIds.isEmpty() || runIds.contains(run.runId())) && within(run.logicalDate(), from, to)) {
                    selected.add(run);
                }
            }
        }
        respondInstances(
                ctx, selected, strings(body, "task_ids"), lower(strings(body, "state")), strings(body, "pool"), page);
    }

    private void respondInstances(
            Context ctx,
            List<DagRunRecord> selected,
            List<String> taskIds,
            List<String> states,
            List<String> pools,
            Page page) {
        List<TaskInstanceRecord> instances = new ArrayList<>();
        Map<String, Instant> logicalDates = new LinkedHashMap<>();
        for (DagRunRecord run : selected) {
            logicalDates.put(run.dagId() + "\0" + run.runId(), run.logicalDate());
            instances.addAll(app.weir().store().inTransaction(session -> session.taskInstances()
                    .forRun(run.dagId(), run.runId())));
        }
        List<TaskInstanceRecord> matching = instances.stream()
                .filter(instance -> taskIds.isEmpty() || taskIds.contains(instance.taskId()))
                .filter(instance -> states.isEmpty() || states.contains(stateName(instance.state())))
                .filter(instance -> pools.isEmpty() || pools.contains(instance.pool()))
                .toList();
        List<Map<String, Object>> items = new ArrayList<>();
        for (TaskInstanceRecord instance : page.apply(matching, INSTANCE_ORDER)) {
            items.add(ApiJson.taskInstance(instance, logicalDates.get(instance.dagId() + "\0" + instance.runId())));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("task_instances", items);
        json.put("total_entries", matching.size());
        ctx.result(ApiJson.bytes(json)).contentType("application/json");
    }

    /** {@code page_limit}, {@code page_offset} and {@code order_by} of a batch request's body. */
    private static Page bodyPage(JsonNode body, String defaultOrder, Set<String> allowed) {
        int limit = body.has("page_limit") ? body.get("page_limit").asInt() : Page.DEFAULT_LIMIT;
        int offset = body.has("page_offset") ? body.get("page_offset").asInt() : 0;
        String order = body.has("order_by") ? body.get("order_by").asText() : defaultOrder;
        boolean descending = order.startsWith("-");
        String field = descending ? order.substring(1) : order;
        if (!allowed.contains(field)) {
            throw ApiProblem.badRequest("Ordering with '" + field + "' is disallowed; use one of "
                    + String.join(", ", allowed.stream().sorted().toList()));
        }
        return new Page(limit, offset, field, descending);
    }

    void taskInstance(Context ctx) {
        DagRunRecord run = requireRun(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
        TaskInstanceRecord instance = requireInstance(run, ctx.pathParam("task_id"));
        ctx.result(ApiJson.bytes(ApiJson.taskInstance(instance, run.logicalDate())))
                .contentType("application/json");
    }

    /** A try's log, as text or (with {@code Accept: application/json}) as {@code {"content", "continuation_token"}}. */
    void log(Context ctx) {
        DagRunRecord run = requireRun(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
        TaskInstanceRecord instance = requireInstance(run, ctx.pathParam("task_id"));
        int tryNumber;
        try {
            tryNumber = Integer.parseInt(ctx.pathParam("task_try_number"));
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(
                    "task_try_number must be an integer, not '" + ctx.pathParam("task_try_number") + "'");
        }
        if (tryNumber < 1 || tryNumber > Math.max(1, instance.tryNumber())) {
            throw ApiProblem.notFound(
                    "Log not found",
                    "Task " + instance.taskId() + " of run " + run.runId() + " has had " + instance.tryNumber()
                            + " tries; there is no try " + tryNumber);
        }
        Path file = new TaskLogPaths(app.weir().logsDir()).file(run.dagId(), run.runId(), instance.taskId(), tryNumber);
        String content;
        try {
            // Secrets were masked as the log was written, as `weir tasks logs` shows it.
            content = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("application/json")) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("continuation_token", null);
            json.put("content", content);
            ctx.result(ApiJson.bytes(json)).contentType("application/json");
        } else {
            ctx.result(content).contentType("text/plain; charset=utf-8");
        }
    }

    private List<DagRunRecord> runsFor(String dagId, String runId) {
        if (!runId.equals("~")) {
            if (dagId.equals("~")) {
                throw ApiProblem.badRequest("A dag_run_id needs a dag_id; give both or ~ for both");
            }
            return List.of(requireRun(dagId, runId));
        }
        List<DagRunRecord> runs = new ArrayList<>();
        for (String id : dagId.equals("~") ? allDagIds() : List.of(dagId)) {
            runs.addAll(runsOf(id));
        }
        return runs;
    }

    DagRunRecord requireRun(String dagId, String runId) {
        return app.weir()
                .store()
                .inTransaction(session -> session.runs().find(dagId, runId))
                .orElseThrow(() -> ApiProblem.notFound(
                        "DAGRun not found",
                        "DAGRun with DAG ID: '" + dagId + "' and DagRun ID: '" + runId + "' not found"));
    }

    TaskInstanceRecord requireInstance(DagRunRecord run, String taskId) {
        return app.weir()
                .store()
                .inTransaction(session -> session.taskInstances().find(run.dagId(), run.runId(), taskId))
                .orElseThrow(() -> ApiProblem.notFound(
                        "Task instance not found",
                        "Task instance " + taskId + " of DAG " + run.dagId() + " run " + run.runId() + " not found"));
    }

    private List<DagRunRecord> runsOf(String dagId) {
        if (dagId.equals("~")) {
            List<DagRunRecord> runs = new ArrayList<>();
            for (String id : allDagIds()) {
                runs.addAll(runsOf(id));
            }
            return runs;
        }
        dags.require(dagId);
        return app.weir().store().inTransaction(session -> session.runs()
                .list(dagId, (DagRunState) null, Integer.MAX_VALUE, 0));
    }

    private List<String> allDagIds() {
        return app.weir().store().inTransaction(session -> session.dags().list()).stream()
                .map(DagRecord::dagId)
                .toList();
    }

    private static boolean within(Instant value, Instant from, Instant to) {
        if (from == null && to == null) {
            return true;
        }
        return value != null && (from == null || !value.isBefore(from)) && (to == null || !value.isAfter(to));
    }

    private static String stateName(TaskState state) {
        return state == TaskState.NONE ? "none" : state.name().toLowerCase(Locale.ROOT);
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(value -> value.toLowerCase(Locale.ROOT)).toList();
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw ApiProblem.badRequest(field + " must be a list of strings");
        }
        List<String> result = new ArrayList<>();
        value.forEach(item -> result.add(item.asText()));
        return result;
    }

    private static Instant instant(JsonNode body, String field) {
        String value = Bodies.text(body, field);
        return value == null ? null : Params.instant(field, value);
    }
}

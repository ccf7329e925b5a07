package io.weir.web.ui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.weir.core.WeirException;
import io.weir.core.state.TaskState;
import io.weir.engine.ops.ClearRequest;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import io.weir.web.WebApp;
import io.weir.web.ui.Confirmation.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Clearing and marking a task instance, and clearing a whole run, from the task-instance and DAG pages. Each first
 * lists the instances it will change and asks; then it goes through the engine's operations, as the CLI does.
 */
final class TaskActions {
    private static final String TASK = "/dags/{dag_id}/runs/{run_id}/tasks/{task_id}";

    private TaskActions() {}

    static void register(JavalinConfig config, WebApp app) {
        config.routes.get(TASK + "/clear", ctx -> clearTask(ctx, app));
        config.routes.post(TASK + "/clear", ctx -> clearTask(ctx, app));
        config.routes.get(TASK + "/mark", ctx -> mark(ctx, app));
        config.routes.post(TASK + "/mark", ctx -> mark(ctx, app));
        config.routes.get("/dags/{dag_id}/runs/{run_id}/clear", ctx -> clearRun(ctx, app));
        config.routes.post("/dags/{dag_id}/runs/{run_id}/clear", ctx -> clearRun(ctx, app));
    }

    /** Whether this request is the confirming form's (a POST with confirmed=yes); a GET only ever asks. */
    private static boolean confirmed(Context ctx) {
        return ctx.method().name().equals("POST") && "yes".equals(ctx.formParam("confirmed"));
    }

    private static void clearTask(Context ctx, WebApp app) {
        if (!Pages.mayOperate(ctx, app, "clear task instances")) {
            return;
        }
        Optional<TaskInstanceRecord> found = find(ctx, app);
        if (found.isEmpty()) {
            return;
        }
        TaskInstanceRecord instance = found.get();
        boolean downstream = Pages.flag(ctx, "downstream");
        boolean upstream = Pages.flag(ctx, "upstream");
        boolean onlyFailed = Pages.flag(ctx, "only_failed");
        ClearRequest request = new ClearRequest(
                instance.dagId(),
                "^" + Pattern.quote(instance.taskId()) + "$",
                null,
                null,
                instance.runId(),
                onlyFailed,
                downstream,
                upstream);
        String options = options(downstream, upstream, onlyFailed);
        run(ctx, app, instance.dagId(), instance.runId(), instance.taskId(), "clear", options, request, null);
    }

    private static void clearRun(Context ctx, WebApp app) {
        if (!Pages.mayOperate(ctx, app, "clear runs")) {
            return;
        }
        String dagId = ctx.pathParam("dag_id");
        String runId = ctx.pathParam("run_id");
        Optional<DagRunRecord> run =
                app.weir().store().inTransaction(session -> session.runs().find(dagId, runId));
        if (run.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).result("No run " + runId + " of DAG " + dagId + ".");
            return;
        }
        run(ctx, app, dagId, runId, null, "clear", "whole run", ClearRequest.wholeRun(dagId, runId), null);
    }

    private static void mark(Context ctx, WebApp app) {
        if (!Pages.mayOperate(ctx, app, "mark task instances")) {
            return;
        }
        Optional<TaskInstanceRecord> found = find(ctx, app);
        if (found.isEmpty()) {
            return;
        }
        TaskState state =
                switch (Pages.text(ctx, "state")) {
                    case "success" -> TaskState.SUCCESS;
                    case "failed" -> TaskState.FAILED;
                    default -> null;
                };
        if (state == null) {
            Pages.badRequest(ctx, "A task instance can be marked success or failed; choose one of the two buttons.");
            return;
        }
        TaskInstanceRecord instance = found.get();
        String options = options(Pages.flag(ctx, "downstream"), Pages.flag(ctx, "upstream"), false);
        run(
                ctx,
                app,
                instance.dagId(),
                instance.runId(),
                instance.taskId(),
                "mark." + state.label(),
                options,
                null,
                state);
    }

    /**
     * Asks (listing the instances) or, confirmed, clears through {@code request} or marks {@code state}; records
     * the action in the audit log and goes back to the DAG's grid.
     */
    private static void run(
            Context ctx,
            WebApp app,
            String dagId,
            String runId,
            String taskId,
            String event,
            String options,
            ClearRequest request,
            TaskState state) {
        boolean downstream = Pages.flag(ctx, "downstream");
        boolean upstream = Pages.flag(ctx, "upstream");
        List<TaskInstanceRecord> instances;
        try {
            if (!confirmed(ctx)) {
                instances = request != null
                        ? app.weir().previewClear(request)
                        : app.weir().previewMark(dagId, taskId, runId, state, downstream, upstream);
                String verb = request != null ? "Clear" : "Mark " + state.label();
                String what = taskId == null ? "run " + runId : taskId + " in " + runId;
                List<Field> fields = new ArrayList<>();
                for (String name : List.of("downstream", "upstream", "only_failed", "state")) {
                    String value = Pages.text(ctx, name);
                    if (!value.isEmpty()) {
                        fields.add(new Field(name, value));
                    }
                }
                String summary = (request != null
                                ? "These task instances will be reset and run again"
                                : "These task instances will be set to " + state.label())
                        + " (" + options + "):";
                Pages.render(
                        ctx,
                        app,
                        "confirm.jte",
                        verb + " " + what,
                        Map.of(
                                "confirmation",
                                new Confirmation(
                                        verb + " " + what + "?",
                                        summary,
                                        instances.stream().map(InstanceRow::of).toList(),
                                        ctx.path(),
                                        fields,
                                        verb,
                                        "/dags/" + Pages.encode(dagId))));
                return;
            }
            instances = request != null
                    ? app.weir().clear(request)
                    : app.weir().mark(dagId, taskId, runId, state, downstream, upstream);
        } catch (WeirException e) {
            Pages.badRequest(ctx, e.getMessage());
            return;
        }
        app.audit()
                .record(
                        Pages.actor(ctx, app),
                        event,
                        dagId,
                        runId,
                        taskId,
                        options + "; " + instances.size() + " task instance" + (instances.size() == 1 ? "" : "s"));
        app.live().changed(dagId, runId);
        ctx.redirect("/dags/" + Pages.encode(dagId));
    }

    private static String options(boolean downstream, boolean upstream, boolean onlyFailed) {
        List<String> options = new ArrayList<>();
        if (downstream) {
            options.add("with downstream");
        }
        if (upstream) {
            options.add("with upstream");
        }
        if (onlyFailed) {
            options.add("only failed");
        }
        return options.isEmpty() ? "this task only" : String.join(", ", options);
    }

    private static Optional<TaskInstanceRecord> find(Context ctx, WebApp app) {
        String dagId = ctx.pathParam("dag_id");
        String runId = ctx.pathParam("run_id");
        String taskId = ctx.pathParam("task_id");
        Optional<TaskInstanceRecord> instance = app.weir().store().inTransaction(session -> session.taskInstances()
                .find(dagId, runId, taskId));
        if (instance.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND)
                    .result("No task " + taskId + " in run " + runId + " of DAG " + dagId + ".");
        }
        return instance;
    }
}

package io.weir.web.ui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.weir.core.dag.Dag;
import io.weir.core.dag.TaskSpec;
import io.weir.core.state.TaskState;
import io.weir.engine.log.SecretMasker;
import io.weir.engine.log.TaskLogPaths;
import io.weir.engine.ops.RenderedFields;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import io.weir.store.UserRecord;
import io.weir.store.XComRecord;
import io.weir.web.WebApp;
import io.weir.web.auth.Csrf;
import io.weir.web.auth.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task instance's page: its state and current try, its XCom values and each try's log; the log of a running try
 * follows live (htmx polls it each second and stops once the try has ended).
 */
final class TaskInstancePage {
    /** htmx stops polling on this status, sent once the try has ended. */
    private static final int STOP_POLLING = 286;

    private TaskInstancePage() {}

    static void register(JavalinConfig config, WebApp app) {
        config.routes.get("/dags/{dag_id}/runs/{run_id}/tasks/{task_id}", ctx -> page(ctx, app));
        config.routes.get("/dags/{dag_id}/runs/{run_id}/tasks/{task_id}/log", ctx -> log(ctx, app));
        TaskActions.register(config, app);
    }

    /** The path of an instance's page, with the run id (colons, a plus) encoded for the URL. */
    static String path(String dagId, String runId, String taskId) {
        return "/dags/" + encode(dagId) + "/runs/" + encode(runId) + "/tasks/" + encode(taskId);
    }

    private static String encode(String segment) {
        return Pages.encode(segment);
    }

    private static void page(Context ctx, WebApp app) {
        Optional<TaskInstanceRecord> found = find(ctx, app);
        if (found.isEmpty()) {
            return;
        }
        TaskInstanceRecord instance = found.get();
        int tryNumber = tryNumber(ctx, instance);
        if (tryNumber < 0) {
            return;
        }
        List<XComRecord> xcoms = app.weir().store().inTransaction(session -> session.xcoms()
                .forTask(instance.dagId(), instance.runId(), instance.taskId()));
        Optional<Dag> dag = app.weir().dagBag().find(instance.dagId());
        TaskSpec task = dag.map(parsed -> parsed.task(instance.taskId())).orElse(null);
        SecretMasker masker = new SecretMasker(
                task == null
                        ? List.of()
                        : RenderedFields.declaredSecrets(app.weir().services(), dag.get(), task));
        Map<String, String> shownXComs = new LinkedHashMap<>();
        for (XComRecord xcom : xcoms) {
            shownXComs.put(
                    xcom.key(),
                    SecretMasker.looksSecret(xcom.key()) ? SecretMasker.MASK : masker.mask(xcom.valueJson()));
        }
        Map<String, String> rendered = task == null
                ? Map.of()
                : RenderedFields.render(
                        app.weir().services(),
                        dag.get(),
                        app.weir().resolveRun(instance.dagId(), instance.runId()),
                        task,
                        instance.tryNumber());
        UserRecord user = UiRoutes.signedIn(ctx, app);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("frame", new PageFrame(instance.taskId() + " in " + instance.runId(), user, Csrf.token(ctx)));
        parameters.put(
                "view", new TaskInstanceView(instance, path(instance.dagId(), instance.runId(), instance.taskId())));
        parameters.put("xcoms", shownXComs);
        parameters.put("rendered", rendered);
        parameters.put("tries", TryHistory.read(app.weir().logsDir(), instance));
        parameters.put("canOperate", Role.parse(user.role()).canOperate());
        parameters.put("tryNumber", tryNumber);
        parameters.put("log", readLog(app, instance, tryNumber));
        parameters.put("live", following(instance, tryNumber));
        ctx.html(Templates.render("task_instance.jte", parameters));
    }

    /** One try's log as text; while that try runs the page asks again each second. */
    private static void log(Context ctx, WebApp app) {
        Optional<TaskInstanceRecord> found = find(ctx, app);
        if (found.isEmpty()) {
            return;
        }
        int tryNumber = tryNumber(ctx, found.get());
        if (tryNumber < 0) {
            return;
        }
        if (!following(found.get(), tryNumber)) {
            ctx.status(STOP_POLLING);
        }
        ctx.html(Templates.render("log.jte", Map.of("log", readLog(app, found.get(), tryNumber))));
    }

    private static boolean following(TaskInstanceRecord instance, int tryNumber) {
        return tryNumber == instance.tryNumber()
                && (instance.state() == TaskState.RUNNING || instance.state() == TaskState.QUEUED);
    }

    /** The try asked for ({@code ?try=N}, the latest by default), or -1 after answering 404. */
    private static int tryNumber(Context ctx, TaskInstanceRecord instance) {
        int latest = Math.max(1, instance.tryNumber());
        String asked = ctx.queryParam("try");
        if (asked == null) {
            return latest;
        }
        try {
            int tryNumber = Integer.parseInt(asked);
            if (tryNumber >= 1 && tryNumber <= latest) {
                return tryNumber;
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        ctx.status(HttpStatus.NOT_FOUND)
                .result("Task " + instance.taskId() + " of run " + instance.runId() + " has had " + instance.tryNumber()
                        + " tries; there is no try " + asked + ".");
        return -1;
    }

    /** The instance the path names, or empty after answering 404; ids are looked up, never used as file names. */
    private static Optional<TaskInstanceRecord> find(Context ctx, WebApp app) {
        String dagId = ctx.pathParam("dag_id");
        String runId = ctx.pathParam("run_id");
        String taskId = ctx.pathParam("task_id");
        Optional<DagRunRecord> run =
                app.weir().store().inTransaction(session -> session.runs().find(dagId, runId));
        Optional<TaskInstanceRecord> instance = run.isEmpty()
                ? Optional.empty()
                : app.weir().store().inTransaction(session -> session.taskInstances()
                        .find(dagId, runId, taskId));
        if (instance.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND)
                    .result("No task " + taskId + " in run " + runId + " of DAG " + dagId
                            + "; the DAG page's grid links to the task instances there are.");
        }
        return instance;
    }

    /** The log file of the try, as written (secrets were masked as it was written, as `weir tasks logs` shows it). */
    private static String readLog(WebApp app, TaskInstanceRecord instance, int tryNumber) {
        Path file = new TaskLogPaths(app.weir().logsDir())
                .file(instance.dagId(), instance.runId(), instance.taskId(), tryNumber);
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

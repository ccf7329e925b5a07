package io.weir.web.ui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.weir.core.WeirException;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunType;
import io.weir.core.state.TaskState;
import io.weir.engine.ops.ClearRequest;
import io.weir.store.BrowseRepository;
import io.weir.store.BrowseRepository.BrowsedTaskInstance;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import io.weir.web.WebApp;
import io.weir.web.ui.Confirmation.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Browse: DAG runs and task instances across DAGs, filtered (DAG, state, run type, logical-date range), sorted and
 * paged in SQL, with bulk actions on the rows ticked: delete or clear runs; clear or mark task instances. Each bulk
 * action lists what it will change and asks first.
 */
public final class BrowsePages {
    static final int PAGE = 50;

    private BrowsePages() {}

    static void register(JavalinConfig config, WebApp app) {
        config.routes.get("/browse/runs", ctx -> runs(ctx, app));
        config.routes.post("/browse/runs", ctx -> runAction(ctx, app));
        config.routes.get("/browse/task-instances", ctx -> taskInstances(ctx, app));
        config.routes.post("/browse/task-instances", ctx -> taskInstanceAction(ctx, app));
    }

    /** The filter and sort as the form holds them, so that the page shows them back and links keep them. */
    public record Query(
            String dagId, String state, String runType, String from, String to, String sort, boolean descending) {
        static Query of(Context ctx) {
            String sort = Pages.text(ctx, "sort");
            return new Query(
                    Pages.text(ctx, "dag_id"),
                    Pages.text(ctx, "state"),
                    Pages.text(ctx, "run_type"),
                    Pages.text(ctx, "from"),
                    Pages.text(ctx, "to"),
                    sort.isEmpty() ? "logical_date" : sort,
                    !"asc".equals(Pages.text(ctx, "order")));
        }

        /** The query string of this filter and sort at {@code offset}. */
        public String link(int offset) {
            return sortLink(sort, descending) + "&offset=" + offset;
        }

        /** The link a column heading carries: sorting by it, or reversing it when it is the sort already. */
        public String sortLink(String column) {
            return sortLink(column, column.equals(sort) ? !descending : true);
        }

        private String sortLink(String column, boolean descendingNext) {
            return "dag_id=" + Pages.encode(dagId) + "&state=" + Pages.encode(state) + "&run_type="
                    + Pages.encode(runType) + "&from=" + Pages.encode(from) + "&to=" + Pages.encode(to) + "&sort="
                    + Pages.encode(column) + "&order=" + (descendingNext ? "desc" : "asc");
        }

        BrowseRepository.Filter filter(boolean taskInstances) {
            return new BrowseRepository.Filter(
                    dagId.isEmpty() ? null : dagId,
                    taskInstances || state.isEmpty() ? null : DagRunState.fromLabel(state),
                    taskInstances && !state.isEmpty() ? TaskState.fromLabel(state) : null,
                    runType.isEmpty() ? null : RunType.fromLabel(runType),
                    Pages.instant("from date", from, false),
                    Pages.instant("to date", to, true));
        }

        BrowseRepository.Sort order() {
            return new BrowseRepository.Sort(sort, descending);
        }
    }

    private static void runs(Context ctx, WebApp app) {
        Query query = Query.of(ctx);
        int offset = Pages.number(ctx, "offset", 0);
        BrowseRepository.Filter filter;
        try {
            filter = query.filter(false);
        } catch (WeirException | IllegalArgumentException e) {
            Pages.badRequest(ctx, problem(e));
            return;
        }
        List<DagRunRecord> runs =
                app.weir().store().inTransaction(session -> session.browse().runs(filter, query.order(), PAGE, offset));
        int total = app.weir().store().inTransaction(session -> session.browse().countRuns(filter));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("runs", runs);
        parameters.put("query", query);
        parameters.put("paging", new Paging(offset, PAGE, total));
        parameters.put(
                "states",
                List.of(DagRunState.values()).stream().map(DagRunState::label).toList());
        parameters.put(
                "runTypes",
                List.of(RunType.values()).stream().map(RunType::label).toList());
        parameters.put("canOperate", Pages.role(ctx, app).canOperate());
        Pages.render(ctx, app, "browse_runs.jte", "DAG runs", parameters);
    }

    private static void taskInstances(Context ctx, WebApp app) {
        Query query = Query.of(ctx);
        int offset = Pages.number(ctx, "offset", 0);
        BrowseRepository.Filter filter;
        try {
            filter = query.filter(true);
        } catch (WeirException | IllegalArgumentException e) {
            Pages.badRequest(ctx, problem(e));
            return;
        }
        List<BrowsedTaskInstance> rows = app.weir().store().inTransaction(session -> session.browse()
                .taskInstances(filter, query.order(), PAGE, offset));
        int total = app.weir().store().inTransaction(session -> session.browse().countTaskInstances(filter));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("rows", rows);
        parameters.put("query", query);
        parameters.put("paging", new Paging(offset, PAGE, total));
        parameters.put(
                "states",
                List.of(TaskState.values()).stream().map(TaskState::label).toList());
        parameters.put(
                "runTypes",
                List.of(RunType.values()).stream().map(RunType::label).toList());
        parameters.put("canOperate", Pages.role(ctx, app).canOperate());
        Pages.render(ctx, app, "browse_task_instances.jte", "Task instances", parameters);
    }

    private static String problem(RuntimeException e) {
        return e instanceof WeirException ? e.getMessage() : "Unknown state or run type: " + e.getMessage();
    }

    /** A ticked row's value: {@code dag_id|run_id} or {@code dag_id|run_id|task_id} (ids never hold a bar). */
    private record Key(String dagId, String runId, String taskId) {
        static Optional<Key> parse(String value, boolean withTask) {
            int first = value.indexOf('|');
            int last = value.lastIndexOf('|');
            if (first < 0 || (withTask && first == last)) {
                return Optional.empty();
            }
            return withTask
                    ? Optional.of(new Key(
                            value.substring(0, first), value.substring(first + 1, last), value.substring(last + 1)))
                    : Optional.of(new Key(value.substring(0, first), value.substring(first + 1), null));
        }
    }

    private static List<Key> selected(Context ctx, boolean withTask) {
        List<Key> keys = new ArrayList<>();
        for (String value : ctx.formParams("selected")) {
            Key.parse(value, withTask).ifPresent(keys::add);
        }
        return keys;
    }

    private static boolean confirmed(Context ctx) {
        return "yes".equals(ctx.formParam("confirmed"));
    }

    private static List<Field> carried(Context ctx) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("action", Pages.text(ctx, "action")));
        for (String value : ctx.formParams("selected")) {
            fields.add(new Field("selected", value));
        }
        return fields;
    }

    private static void runAction(Context ctx, WebApp app) {
        if (!Pages.mayOperate(ctx, app, "delete or clear runs")) {
            return;
        }
        String action = Pages.text(ctx, "action");
        if (!action.equals("delete") && !action.equals("clear")) {
            Pages.badRequest(ctx, "Choose Delete or Clear for the runs ticked.");
            return;
        }
        List<Key> keys = selected(ctx, false);
        List<DagRunRecord> runs = new ArrayList<>();
        for (Key key : keys) {
            app.weir()
                    .store()
                    .inTransaction(session -> session.runs().find(key.dagId(), key.runId()))
                    .ifPresent(runs::add);
        }
        if (!confirmed(ctx)) {
            List<InstanceRow> rows = new ArrayList<>();
            if (action.equals("delete")) {
                runs.forEach(run -> rows.add(InstanceRow.of(run)));
            } else {
                for (DagRunRecord run : runs) {
                    app.weir().previewClear(ClearRequest.wholeRun(run.dagId(), run.runId())).stream()
                            .map(InstanceRow::of)
                            .forEach(rows::add);
                }
            }
            String title = action.equals("delete")
                    ? "Delete " + runs.size() + " run" + (runs.size() == 1 ? "" : "s") + "?"
                    : "Clear " + runs.size() + " run" + (runs.size() == 1 ? "" : "s") + "?";
            String summary = action.equals("delete")
                    ? "These runs will be deleted with their task instances and XComs:"
                    : "Every task instance of these runs will be reset and run again:";
            Pages.render(
                    ctx,
                    app,
                    "confirm.jte",
                    title,
                    Map.of(
                            "confirmation",
                            new Confirmation(
                                    title,
                                    summary,
                                    rows,
                                    "/browse/runs",
                                    carried(ctx),
                                    action.equals("delete") ? "Delete" : "Clear",
                                    "/browse/runs")));
            return;
        }
        for (DagRunRecord run : runs) {
            if (action.equals("delete")) {
                app.weir().deleteRun(run.dagId(), run.runId());
                app.audit().record(Pages.actor(ctx, app), "delete", run.dagId(), run.runId(), null, "run deleted");
            } else {
                app.weir().clear(ClearRequest.wholeRun(run.dagId(), run.runId()));
                app.audit().record(Pages.actor(ctx, app), "clear", run.dagId(), run.runId(), null, "whole run");
            }
            app.live().changed(run.dagId(), run.runId());
        }
        ctx.redirect("/browse/runs");
    }

    private static void taskInstanceAction(Context ctx, WebApp app) {
        if (!Pages.mayOperate(ctx, app, "clear or mark task instances")) {
            return;
        }
        String action = Pages.text(ctx, "action");
        TaskState state =
                switch (action) {
                    case "mark_success" -> TaskState.SUCCESS;
                    case "mark_failed" -> TaskState.FAILED;
                    default -> null;
                };
        if (state == null && !action.equals("clear")) {
            Pages.badRequest(ctx, "Choose Clear, Mark success or Mark failed for the task instances ticked.");
            return;
        }
        List<Key> keys = selected(ctx, true);
        List<TaskInstanceRecord> instances = new ArrayList<>();
        for (Key key : keys) {
            app.weir()
                    .store()
                    .inTransaction(session -> session.taskInstances().find(key.dagId(), key.runId(), key.taskId()))
                    .filter(instance -> state == null || instance.state() != state)
                    .ifPresent(instances::add);
        }
        if (!confirmed(ctx)) {
            String verb = state == null ? "Clear" : "Mark " + state.label();
            String title = verb + " " + instances.size() + " task instance" + (instances.size() == 1 ? "" : "s") + "?";
            String summary = state == null
                    ? "These task instances will be reset and run again:"
                    : "These task instances will be set to " + state.label() + ":";
            Pages.render(
                    ctx,
                    app,
                    "confirm.jte",
                    title,
                    Map.of(
                            "confirmation",
                            new Confirmation(
                                    title,
                                    summary,
                                    instances.stream().map(InstanceRow::of).toList(),
                                    "/browse/task-instances",
                                    carried(ctx),
                                    verb,
                                    "/browse/task-instances")));
            return;
        }
        // One engine operation per run: the same clear and mark as `weir tasks clear` and the API.
        Map<List<String>, List<String>> tasksByRun = new LinkedHashMap<>();
        for (TaskInstanceRecord instance : instances) {
            tasksByRun
                    .computeIfAbsent(List.of(instance.dagId(), instance.runId()), run -> new ArrayList<>())
                    .add(instance.taskId());
        }
        for (Map.Entry<List<String>, List<String>> run : tasksByRun.entrySet()) {
            String dagId = run.getKey().get(0);
            String runId = run.getKey().get(1);
            if (state == null) {
                String regex = "^("
                        + String.join(
                                "|", run.getValue().stream().map(Pattern::quote).toList())
                        + ")$";
                app.weir().clear(new ClearRequest(dagId, regex, null, null, runId, false, false, false));
            } else {
                for (String taskId : run.getValue()) {
                    app.weir().mark(dagId, taskId, runId, state, false, false);
                }
            }
            app.audit()
                    .record(
                            Pages.actor(ctx, app),
                            state == null ? "clear" : "mark." + state.name().toLowerCase(Locale.ROOT),
                            dagId,
                            runId,
                            String.join(",", run.getValue()),
                            "bulk from Browse");
            app.live().changed(dagId, runId);
        }
        ctx.redirect("/browse/task-instances");
    }
}

package io.weir.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.weir.core.dag.Dag;
import io.weir.core.dag.TaskSpec;
import io.weir.engine.dagbag.DagBag;
import io.weir.store.DagQuery;
import io.weir.store.DagRecord;
import io.weir.store.ImportErrorRecord;
import io.weir.web.WebApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /dags}: listing, pausing by pattern, one DAG, its details and its tasks. */
final class DagsApi {
    private static final Map<String, DagQuery.Order> ORDER = Map.of(
            "dag_id", DagQuery.Order.DAG_ID,
            "is_paused", DagQuery.Order.IS_PAUSED,
            "fileloc", DagQuery.Order.FILELOC,
            "last_parsed_time", DagQuery.Order.LAST_PARSED);

    private final WebApp app;

    DagsApi(WebApp app) {
        this.app = app;
    }

    /** {@code GET /dags}: filtered, sorted and paged by the database; only the page is read. */
    void list(Context ctx) {
        Page page = Page.of(ctx, "dag_id", ORDER.keySet());
        DagQuery query = query(ctx, true, page);
        Listing listing = app.weir()
                .store()
                .inTransaction(session -> new Listing(
                        session.dags().list(query),
                        session.dags().count(query),
                        session.dags().importErrors()));
        respondCollection(ctx, listing.dags(), listing.total(), brokenFiles(listing.importErrors()));
    }

    /** One page of DAGs, how many match in all, and the import errors, read in one transaction. */
    private record Listing(List<DagRecord> dags, int total, List<ImportErrorRecord> importErrors) {}

    /** {@code DELETE /dags/{dag_id}}: its runs, task instances and XComs go; refused while a task is active. */
    void delete(Context ctx) {
        DagRecord dag = require(ctx.pathParam("dag_id"));
        int active = app.weir()
                .store()
                .inTransaction(session -> session.taskInstances().activeCountByDag())
                .getOrDefault(dag.dagId(), 0);
        if (active > 0) {
            throw ApiProblem.conflict("Task instances of dag with id: '" + dag.dagId() + "' are still running");
        }
        app.weir().deleteDag(dag.dagId());
        app.audit().record(Access.actor(ctx), "delete", dag.dagId(), null, null, null);
        ctx.status(204);
    }

    /** {@code PATCH /dags?dag_id_pattern=}: pauses or unpauses every matching DAG ({@code ~} matches all). */
    void patchMany(Context ctx) {
        if (ctx.queryParam("dag_id_pattern") == null) {
            throw ApiProblem.badRequest("dag_id_pattern is required; give ~ to change every DAG");
        }
        boolean paused = requestedPaused(ctx);
        Page page = Page.of(ctx, "dag_id", ORDER.keySet());
        DagQuery every = query(ctx, false, page).unpaged();
        List<DagRecord> changed = new ArrayList<>();
        for (DagRecord dag :
                app.weir().store().inTransaction(session -> session.dags().list(every))) {
            changed.add(setPaused(ctx, dag, paused));
        }
        List<DagRecord> shown =
                changed.stream().skip(page.offset()).limit(page.limit()).toList();
        respondCollection(ctx, shown, changed.size(), brokenFiles());
    }

    void get(Context ctx) {
        DagRecord dag = require(ctx.pathParam("dag_id"));
        ctx.result(ApiJson.bytes(ApiJson.dag(dag, parsed(dag.dagId()), hasImportErrors(dag))))
                .contentType("application/json");
    }

    void patch(Context ctx) {
        DagRecord dag = require(ctx.pathParam("dag_id"));
        DagRecord changed = setPaused(ctx, dag, requestedPaused(ctx));
        ctx.result(ApiJson.bytes(ApiJson.dag(changed, parsed(dag.dagId()), hasImportErrors(dag))))
                .contentType("application/json");
    }

    void details(Context ctx) {
        DagRecord dag = require(ctx.pathParam("dag_id"));
        ctx.result(ApiJson.bytes(ApiJson.dagDetails(dag, parsed(dag.dagId()), hasImportErrors(dag))))
                .contentType("application/json");
    }

    void tasks(Context ctx) {
        DagRecord dag = require(ctx.pathParam("dag_id"));
        Dag parsed = parsed(dag.dagId());
        List<Map<String, Object>> tasks = new ArrayList<>();
        if (parsed != null) {
            for (TaskSpec task : parsed.tasks().values()) {
                tasks.add(ApiJson.task(parsed, task));
            }
        }
        String order = ctx.queryParam("order_by") == null ? "task_id" : ctx.queryParam("order_by");
        boolean descending = order.startsWith("-");
        if (!Set.of("task_id").contains(descending ? order.substring(1) : order)) {
            throw ApiProblem.badRequest("Ordering with '" + order + "' is disallowed; tasks are ordered by task_id");
        }
        tasks.sort((a, b) -> ((String) a.get("task_id")).compareTo((String) b.get("task_id")) * (descending ? -1 : 1));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tasks", tasks);
        json.put("total_entries", tasks.size());
        ctx.result(ApiJson.bytes(json)).contentType("application/json");
    }

    private DagRecord setPaused(Context ctx, DagRecord dag, boolean paused) {
        app.weir().store().useTransaction(session -> session.dags().setPaused(dag.dagId(), paused));
        app.audit().record(Access.actor(ctx), paused ? "pause" : "unpause", dag.dagId(), null, null, null);
        return new DagRecord(
                dag.dagId(),
                dag.fileloc(),
                paused,
                dag.active(),
                dag.description(),
                dag.schedule(),
                dag.tags(),
                dag.fingerprint(),
                dag.lastParsed());
    }

    private static boolean requestedPaused(Context ctx) {
        String mask = ctx.queryParam("update_mask");
        if (mask != null && !mask.strip().equals("is_paused")) {
            throw ApiProblem.badRequest("Only is_paused can be changed, not " + mask);
        }
        JsonNode body = Bodies.object(ctx);
        JsonNode paused = body.get("is_paused");
        if (paused == null || !paused.isBoolean()) {
            throw ApiProblem.badRequest("The body must be a JSON object with is_paused true or false");
        }
        return paused.booleanValue();
    }

    /** The DAGs a request's filters select; {@code ~} or no dag_id_pattern matches every id. */
    private static DagQuery query(Context ctx, boolean filterActive, Page page) {
        Boolean onlyActive = Params.booleanParam(ctx, "only_active");
        String pattern = ctx.queryParam("dag_id_pattern");
        return new DagQuery(
                filterActive && (onlyActive == null || onlyActive) ? Boolean.TRUE : null,
                Params.booleanParam(ctx, "paused"),
                pattern == null || pattern.isEmpty() || pattern.equals("~") ? null : pattern,
                ctx.queryParams("tags"),
                ORDER.get(page.orderBy()),
                page.descending(),
                page.limit(),
                page.offset());
    }

    private void respondCollection(Context ctx, List<DagRecord> dags, int total, Set<String> broken) {
        DagBag bag = app.weir().dagBag();
        List<Map<String, Object>> items = new ArrayList<>();
        for (DagRecord dag : dags) {
            items.add(ApiJson.dag(dag, bag.find(dag.dagId()).orElse(null), broken.contains(dag.fileloc())));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dags", items);
        json.put("total_entries", total);
        ctx.result(ApiJson.bytes(json)).contentType("application/json");
    }

    DagRecord require(String dagId) {
        return app.weir()
                .store()
                .inTransaction(session -> session.dags().find(dagId))
                .orElseThrow(() -> ApiProblem.notFound("DAG not found", "DAG with dag_id: '" + dagId + "' not found"));
    }

    private Dag parsed(String dagId) {
        return app.weir().dagBag().find(dagId).orElse(null);
    }

    private boolean hasImportErrors(DagRecord dag) {
        return brokenFiles().contains(dag.fileloc());
    }

    private Set<String> brokenFiles() {
        return brokenFiles(
                app.weir().store().inTransaction(session -> session.dags().importErrors()));
    }

    private static Set<String> brokenFiles(List<ImportErrorRecord> errors) {
        Set<String> files = new HashSet<>();
        for (ImportErrorRecord error : errors) {
            files.add(error.file());
            files.add(Path.of(error.file()).normalize().toString());
        }
        return files;
    }
}

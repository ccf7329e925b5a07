package io.weir.web.ui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.weir.core.WeirException;
import io.weir.core.dag.Dag;
import io.weir.store.DagRecord;
import io.weir.store.DagRunRecord;
import io.weir.store.UserRecord;
import io.weir.web.WebApp;
import io.weir.web.audit.Actor;
import io.weir.web.auth.Csrf;
import io.weir.web.auth.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One DAG's page: its grid of the latest runs, redrawn live as the scheduler reports, and its actions. */
final class DagPage {
    private DagPage() {}

    static void register(JavalinConfig config, WebApp app) {
        var routes = config.routes;
        routes.get("/dags/{dag_id}", ctx -> page(ctx, app));
        routes.get("/dags/{dag_id}/grid", ctx -> grid(ctx, app));
        routes.sse("/dags/{dag_id}/events", client -> {
            String dagId = client.ctx().pathParam("dag_id");
            // A change between the page's render and this connection would be missed: compare what it shows.
            String shown = client.ctx().queryParam("shown");
            boolean stale = shown != null
                    && !shown.equals(readGrid(client.ctx(), app, dagId).fingerprint());
            app.live().subscribe(dagId, client, stale);
        });
        routes.post("/dags/{dag_id}/trigger", ctx -> trigger(ctx, app));
        TaskInstancePage.register(config, app);
        DagViews.register(config, app);
    }

    private static void page(Context ctx, WebApp app) {
        Optional<DagRecord> dag = find(ctx, app);
        if (dag.isEmpty()) {
            return;
        }
        UserRecord user = UiRoutes.signedIn(ctx, app);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("frame", new PageFrame(dag.get().dagId(), user, Csrf.token(ctx)));
        parameters.put("dag", dag.get());
        parameters.put("grid", readGrid(ctx, app, dag.get().dagId()));
        parameters.put("canOperate", Role.parse(user.role()).canOperate());
        ctx.html(Templates.render("dag.jte", parameters));
    }

    /** The grid alone, as the page's htmx asks for it when the scheduler reports a change. */
    private static void grid(Context ctx, WebApp app) {
        Optional<DagRecord> dag = find(ctx, app);
        if (dag.isEmpty()) {
            return;
        }
        ctx.html(Templates.render(
                "grid.jte", Map.of("grid", readGrid(ctx, app, dag.get().dagId()))));
    }

    private static Grid readGrid(Context ctx, WebApp app, String dagId) {
        int offset = 0;
        String asked = ctx.queryParam("offset");
        if (asked != null) {
            try {
                offset = Math.max(0, Integer.parseInt(asked));
            } catch (NumberFormatException e) {
                offset = 0;
            }
        }
        List<String> tasks = app.weir()
                .dagBag()
                .find(dagId)
                .map(Dag::tasks)
                .map(specs -> List.copyOf(specs.keySet()))
                .orElse(List.of());
        return Grid.read(app.weir().store(), dagId, tasks, offset);
    }

    /** A manual run now, through the same operation as {@code weir dags trigger}. */
    private static void trigger(Context ctx, WebApp app) {
        UserRecord user = UiRoutes.signedIn(ctx, app);
        if (!Role.parse(user.role()).canOperate()) {
            ctx.status(HttpStatus.FORBIDDEN)
                    .result("User " + user.username() + " has role " + user.role() + ", which may not trigger DAGs.");
            return;
        }
        Optional<DagRecord> dag = find(ctx, app);
        if (dag.isEmpty()) {
            return;
        }
        String dagId = dag.get().dagId();
        DagRunRecord run;
        try {
            String conf = Pages.text(ctx, "conf");
            run = app.weir()
                    .trigger(
                            dagId,
                            Pages.instant("logical date", Pages.text(ctx, "logical_date"), false),
                            conf.isEmpty() ? null : conf);
        } catch (WeirException e) {
            ctx.status(HttpStatus.BAD_REQUEST).result("Cannot trigger " + dagId + ": " + e.getMessage());
            return;
        }
        app.audit().record(new Actor(user.username(), "ui", ctx.ip()), "trigger", dagId, run.runId(), null, run.conf());
        ctx.redirect("/dags/" + dagId);
    }

    /** The DAG the path names, or empty after answering 404. */
    private static Optional<DagRecord> find(Context ctx, WebApp app) {
        String dagId = ctx.pathParam("dag_id");
        Optional<DagRecord> dag =
                app.weir().store().inTransaction(session -> session.dags().find(dagId));
        if (dag.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).result("No DAG " + dagId + "; the DAGs page lists the DAGs there are.");
        }
        return dag;
    }
}

package io.weir.web.ui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.weir.core.dag.Dag;
import io.weir.core.schedule.DataInterval;
import io.weir.core.state.TaskState;
import io.weir.store.DagRecord;
import io.weir.store.DagRunRecord;
import io.weir.store.ImportErrorRecord;
import io.weir.store.UserRecord;
import io.weir.web.WebApp;
import io.weir.web.api.Access;
import io.weir.web.api.ApiJson;
import io.weir.web.api.ApiRoutes;
import io.weir.web.audit.Actor;
import io.weir.web.auth.Authenticator.Outcome;
import io.weir.web.auth.Csrf;
import io.weir.web.auth.Role;
import jakarta.servlet.http.HttpSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpCookie;

/** The browser side: sign-in and sign-out with a session cookie, CSRF on every form, and the pages. */
public final class UiRoutes {
    private static final String HTMX = "/static/htmx.min.js";
    private static final String HTMX_SSE = "/static/htmx-sse.js";
    private static final Set<String> OPEN_PATHS =
            Set.of("/login", "/health", "/metrics", "/admin/metrics", "/static/weir.css", HTMX, HTMX_SSE);
    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";
    private static final byte[] STYLESHEET = resource("/io/weir/web/static/weir.css");
    // htmx and its SSE extension come from their webjars in Weir's jar: the pages need nothing from the internet.
    private static final byte[] HTMX_SCRIPT = webjar("htmx.org", "dist/htmx.min.js");
    private static final byte[] HTMX_SSE_SCRIPT = webjar("htmx-ext-sse", "sse.js");

    private UiRoutes() {}

    public static void register(JavalinConfig config, WebApp app) {
        config.jetty.modifyServletContextHandler(handler -> handler.setSessionHandler(sessions()));
        var routes = config.routes;
        routes.before(ctx -> {
            String path = ctx.path();
            if (path.startsWith(ApiRoutes.PREFIX + "/") || OPEN_PATHS.contains(path)) {
                return;
            }
            if (!ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD") && !Csrf.valid(ctx)) {
                ctx.status(HttpStatus.FORBIDDEN)
                        .result("The form was sent without its CSRF token; reload the page and try again.");
                ctx.skipRemainingHandlers();
                return;
            }
            if (signedIn(ctx, app) == null) {
                ctx.redirect("/login");
                ctx.skipRemainingHandlers();
                return;
            }
            if (AdminPages.isAdminPage(path) && AdminPages.refuseNonAdmin(ctx, app)) {
                ctx.skipRemainingHandlers();
            }
        });
        routes.get("/health", ctx -> ctx.result("OK"));
        routes.get("/static/weir.css", ctx -> ctx.contentType("text/css; charset=utf-8")
                .result(STYLESHEET));
        routes.get(HTMX, ctx -> ctx.contentType(JAVASCRIPT).result(HTMX_SCRIPT));
        routes.get(HTMX_SSE, ctx -> ctx.contentType(JAVASCRIPT).result(HTMX_SSE_SCRIPT));
        routes.get("/login", ctx -> loginPage(ctx, null));
        routes.post("/login", ctx -> login(ctx, app));
        routes.post("/logout", ctx -> logout(ctx, app));
        routes.get("/", ctx -> dags(ctx, app));
        routes.post("/dags/{dag_id}/pause", ctx -> setPaused(ctx, app, true));
        routes.post("/dags/{dag_id}/unpause", ctx -> setPaused(ctx, app, false));
        DagPage.register(config, app);
        BrowsePages.register(config, app);
        AuditPage.register(config, app);
        AdminPages.register(config, app);
    }

    private static SessionHandler sessions() {
        SessionHandler sessions = new SessionHandler();
        sessions.setHttpOnly(true);
        sessions.setSameSite(HttpCookie.SameSite.LAX);
        sessions.setSessionCookie("weir_session");
        sessions.setMaxInactiveInterval(12 * 60 * 60);
        return sessions;
    }

    /** The signed-in user of a page request, or null; read once a request, however many times it is asked. */
    static UserRecord signedIn(Context ctx, WebApp app) {
        UserRecord known = ctx.attribute(Access.USER_ATTRIBUTE);
        if (known != null) {
            return known;
        }
        if (ctx.req().getSession(false) == null) {
            return null;
        }
        String username = ctx.sessionAttribute(ApiRoutes.SESSION_USER);
        UserRecord user =
                username == null ? null : app.accounts().current(username).orElse(null);
        if (user != null) {
            ctx.attribute(Access.USER_ATTRIBUTE, user);
        }
        return user;
    }

    private static void loginPage(Context ctx, String problem) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("frame", new PageFrame("Sign in", null, Csrf.token(ctx)));
        parameters.put("problem", problem);
        ctx.html(Templates.render("login.jte", parameters));
    }

    private static void login(Context ctx, WebApp app) {
        if (!Csrf.valid(ctx)) {
            ctx.status(HttpStatus.FORBIDDEN);
            loginPage(ctx, "The sign-in form expired; try again.");
            return;
        }
        String username = ctx.formParam("username");
        String password = ctx.formParam("password");
        Outcome outcome = app.authenticator()
                .signIn(username == null ? "" : username, password == null ? "" : password, ctx.ip());
        if (outcome instanceof Outcome.SignedIn signedIn) {
            // A new session on sign-in, so a session id planted before it is worth nothing after.
            HttpSession old = ctx.req().getSession(false);
            if (old != null) {
                old.invalidate();
            }
            ctx.req().getSession(true);
            ctx.sessionAttribute(ApiRoutes.SESSION_USER, signedIn.user().username());
            app.audit().record(new Actor(signedIn.user().username(), "ui", ctx.ip()), "login", null, null, null, null);
            ctx.redirect("/");
        } else if (outcome instanceof Outcome.Throttled throttled) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            loginPage(
                    ctx,
                    "Too many failed sign-ins; try again in "
                            + Math.max(1, throttled.retryAfter().toSeconds()) + " s.");
        } else {
            ctx.status(HttpStatus.UNAUTHORIZED);
            loginPage(ctx, "Wrong user name or password.");
        }
    }

    private static void logout(Context ctx, WebApp app) {
        UserRecord user = signedIn(ctx, app);
        HttpSession session = ctx.req().getSession(false);
        if (session != null) {
            session.invalidate();
        }
        if (user != null) {
            app.audit().record(new Actor(user.username(), "ui", ctx.ip()), "logout", null, null, null, null);
        }
        ctx.redirect("/login");
    }

    /** The DAGs page: a DAG whose latest run failed needs attention and comes first; then by id. */
    private static void dags(Context ctx, WebApp app) {
        UserRecord user = signedIn(ctx, app);
        DagFilter filter = DagFilter.of(ctx);
        Overview overview = app.weir()
                .store()
                .inTransaction(session -> new Overview(
                        session.dags().list(),
                        session.overview().latestRuns(),
                        session.overview().latestRunTaskStates(),
                        session.dags().importErrors()));
        List<DagRecord> records = overview.dags();
        Map<String, DagRunRecord> latest = overview.latestRuns();
        List<ImportErrorRecord> importErrors = overview.importErrors();
        Instant now = app.weir().services().clock().instant();
        List<DagRow> rows = new ArrayList<>();
        for (DagRecord dag : records) {
            if (!dag.active()) {
                continue;
            }
            DagRunRecord last = latest.get(dag.dagId());
            Map<String, Integer> recentStates = new LinkedHashMap<>();
            overview.latestRunTaskStates()
                    .getOrDefault(dag.dagId(), Map.of())
                    .forEach((state, count) -> recentStates.put(state.label(), count));
            String lastState = last == null ? null : last.state().name().toLowerCase(Locale.ROOT);
            DagRow row = new DagRow(
                    dag.dagId(),
                    dag.paused(),
                    dag.schedule() == null ? "" : dag.schedule(),
                    dag.tags(),
                    dag.description() == null ? "" : dag.description(),
                    lastState,
                    last == null ? "" : ApiJson.timestamp(last.logicalDate()),
                    nextRun(app, dag, last, now),
                    "failed".equals(lastState),
                    app.weir().dagBag().find(dag.dagId()).map(Dag::owners).orElse(List.of()),
                    recentStates);
            if (filter.matches(row)) {
                rows.add(row);
            }
        }
        rows.sort(Comparator.comparing((DagRow row) -> !row.needsAttention()).thenComparing(DagRow::dagId));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("frame", new PageFrame("DAGs", user, Csrf.token(ctx)));
        parameters.put("dags", rows);
        parameters.put("importErrors", importErrors);
        parameters.put("filter", filter);
        parameters.put("canOperate", Role.parse(user.role()).canOperate());
        ctx.html(Templates.render("dags.jte", parameters));
    }

    /** What the DAGs page reads, in one transaction. */
    private record Overview(
            List<DagRecord> dags,
            Map<String, DagRunRecord> latestRuns,
            Map<String, Map<TaskState, Integer>> latestRunTaskStates,
            List<ImportErrorRecord> importErrors) {}

    /** The logical date of the next scheduled run, or "" (no schedule, paused, or past its end). */
    private static String nextRun(WebApp app, DagRecord record, DagRunRecord last, Instant now) {
        if (record.paused()) {
            return "";
        }
        Optional<Dag> dag = app.weir().dagBag().find(record.dagId());
        if (dag.isEmpty() || dag.get().timetable() == null) {
            return "";
        }
        Dag parsed = dag.get();
        DataInterval previous = last == null ? null : last.dataInterval();
        return parsed.timetable()
                .nextInterval(previous, parsed.startDate(), parsed.endDate(), parsed.catchup(), now)
                .map(interval -> ApiJson.timestamp(interval.start()))
                .orElse("");
    }

    /** Pause and unpause from the DAGs page, through the same store operation as {@code weir dags pause}. */
    private static void setPaused(Context ctx, WebApp app, boolean paused) {
        UserRecord user = signedIn(ctx, app);
        if (!Role.parse(user.role()).canOperate()) {
            ctx.status(HttpStatus.FORBIDDEN)
                    .result("User " + user.username() + " has role " + user.role()
                            + ", which may not pause or unpause DAGs.");
            return;
        }
        String dagId = ctx.pathParam("dag_id");
        if (!app.weir().store().inTransaction(session -> session.dags().setPaused(dagId, paused))) {
            ctx.status(HttpStatus.NOT_FOUND).result("No DAG " + dagId + ".");
            return;
        }
        app.audit()
                .record(
                        new Actor(user.username(), "ui", ctx.ip()),
                        paused ? "pause" : "unpause",
                        dagId,
                        null,
                        null,
                        null);
        // Back to the page the button was on; only a fixed choice, so the form cannot redirect elsewhere.
        ctx.redirect("dag".equals(ctx.formParam("back")) ? "/dags/" + dagId : "/");
    }

    /** A file of an npm webjar on the class path, whichever version the build put there. */
    private static byte[] webjar(String artifact, String file) {
        Properties pom = new Properties();
        try {
            pom.load(new ByteArrayInputStream(
                    resource("/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resource("/META-INF/resources/webjars/" + artifact + "/" + pom.getProperty("version") + "/" + file);
    }

    private static byte[] resource(String name) {
        try (InputStream in = UiRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

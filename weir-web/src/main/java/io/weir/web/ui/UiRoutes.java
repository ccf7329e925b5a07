package io.weir.web.ui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.weir.store.DagRecord;
import io.weir.store.UserRecord;
import io.weir.web.WebApp;
import io.weir.web.api.ApiRoutes;
import io.weir.web.audit.Actor;
import io.weir.web.auth.Authenticator.Outcome;
import jakarta.servlet.http.HttpSession;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpCookie;

/** The browser side: sign-in and sign-out with a session cookie, CSRF on every form, and the pages. */
public final class UiRoutes {
    private static final Set<String> OPEN_PATHS = Set.of("/login", "/health", "/metrics", "/admin/metrics");

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
                        .result("The form was sent without its CSRF token; reload the page" + " and try again.");
                ctx.skipRemainingHandlers();
                return;
            }
            if (signedIn(ctx, app) == null) {
                ctx.redirect("/login");
                ctx.skipRemainingHandlers();
            }
        });
        routes.get("/health", ctx -> ctx.result("OK"));
        routes.get("/login", ctx -> loginPage(ctx, null));
        routes.post("/login", ctx -> login(ctx, app));
        routes.post("/logout", ctx -> logout(ctx, app));
        routes.get("/", ctx -> home(ctx, app));
    }

    private static SessionHandler sessions() {
        SessionHandler sessions = new SessionHandler();
        sessions.setHttpOnly(true);
        sessions.setSameSite(HttpCookie.SameSite.LAX);
        sessions.setSessionCookie("weir_session");
        sessions.setMaxInactiveInterval(12 * 60 * 60);
        return sessions;
    }

    /** The signed-in user of a page request, or null. */
    static UserRecord signedIn(Context ctx, WebApp app) {
        if (ctx.req().getSession(false) == null) {
            return null;
        }
        String username = ctx.sessionAttribute(ApiRoutes.SESSION_USER);
        return username == null ? null : app.accounts().find(username).orElse(null);
    }

    private static void loginPage(Context ctx, String problem) {
        String body = "<h1>Sign in to Weir</h1>"
                + (problem == null ? "" : "<p class=\"problem\" id=\"login-problem\">" + Html.escape(problem) + "</p>")
                + "<form method=\"post\" action=\"/login\">"
                + "<input type=\"hidden\" name=\"" + Csrf.FIELD + "\" value=\"" + Csrf.token(ctx) + "\">"
                + "<label>User name <input name=\"username\" id=\"username\" autocomplete=\"username\" required></label>"
                + "<label>Password <input name=\"password\" id=\"password\" type=\"password\""
                + " autocomplete=\"current-password\" required></label>"
                + "<button type=\"submit\" id=\"sign-in\">Sign in</button></form>";
        ctx.html(Pages.layout("Sign in", null, null, body));
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

    private static void home(Context ctx, WebApp app) {
        UserRecord user = signedIn(ctx, app);
        StringBuilder body = new StringBuilder("<h1>DAGs</h1><table id=\"dags\"><thead><tr><th>DAG</th><th>Paused</th>"
                + "<th>Schedule</th><th>Tags</th><th>Description</th></tr></thead><tbody>");
        for (DagRecord dag :
                app.weir().store().inTransaction(session -> session.dags().list())) {
            if (!dag.active()) {
                continue;
            }
            body.append("<tr><td class=\"dag-id\">")
                    .append(Html.escape(dag.dagId()))
                    .append("</td><td>")
                    .append(dag.paused() ? "paused" : "active")
                    .append("</td><td>")
                    .append(Html.escape(dag.schedule()))
                    .append("</td><td>")
                    .append(Html.escape(String.join(", ", dag.tags())))
                    .append("</td><td>")
                    .append(Html.escape(dag.description()))
                    .append("</td></tr>");
        }
        body.append("</tbody></table>");
        ctx.html(Pages.layout("DAGs", user, Csrf.token(ctx), body.toString()));
    }
}

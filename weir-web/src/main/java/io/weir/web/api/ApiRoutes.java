package io.weir.web.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.weir.core.WeirException;
import io.weir.store.UserRecord;
import io.weir.web.WebApp;
import io.weir.web.auth.Authenticator;
import io.weir.web.auth.Authenticator.Outcome;
import io.weir.web.auth.Csrf;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1}: Airflow 2's stable REST API paths, parameters, status codes and problem JSON. */
public final class ApiRoutes {
    public static final String PREFIX = "/api/v1";
    /** Where the session keeps the signed-in user's name. */
    public static final String SESSION_USER = "weir.username";

    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final String PROBLEM_TYPE =
            "https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/";

    private ApiRoutes() {}

    public static void register(JavalinConfig config, WebApp app) {
        DagsApi dags = new DagsApi(app);
        RunsApi runs = new RunsApi(app, dags);
        TaskInstanceActions actions = new TaskInstanceActions(app, dags, runs);
        AdminApi admin = new AdminApi(app);
        XComApi xcoms = new XComApi(app, runs);
        var routes = config.routes;
        routes.before(PREFIX + "/*", ctx -> authenticate(ctx, app));

        OpenApiRoutes.register(config);
        routes.get(PREFIX + "/health", admin::health);
        routes.get(PREFIX + "/version", Access.READ.guard(admin::version));

        routes.get(PREFIX + "/dags", Access.READ.guard(dags::list));
        routes.patch(PREFIX + "/dags", Access.OPERATE.guard(dags::patchMany));
        routes.get(PREFIX + "/dags/{dag_id}", Access.READ.guard(dags::get));
        routes.patch(PREFIX + "/dags/{dag_id}", Access.OPERATE.guard(dags::patch));
        routes.delete(PREFIX + "/dags/{dag_id}", Access.OPERATE.guard(dags::delete));
        routes.get(PREFIX + "/dags/{dag_id}/details", Access.READ.guard(dags::details));
        routes.get(PREFIX + "/dags/{dag_id}/tasks", Access.READ.guard(dags::tasks));

        routes.get(PREFIX + "/dags/{dag_id}/dagRuns", Access.READ.guard(runs::list));
        routes.post(PREFIX + "/dags/{dag_id}/dagRuns", Access.OPERATE.guard(runs::trigger));
        routes.post(PREFIX + "/dags/~/dagRuns/list", Access.READ.guard(runs::listBatch));
        routes.get(PREFIX + "/dags/{dag_id}/dagRuns/{dag_run_id}", Access.READ.guard(runs::get));
        routes.patch(PREFIX + "/dags/{dag_id}/dagRuns/{dag_run_id}", Access.OPERATE.guard(runs::patch));
        routes.delete(PREFIX + "/dags/{dag_id}/dagRuns/{dag_run_id}", Access.OPERATE.guard(runs::delete));
        routes.post(PREFIX + "/dags/{dag_id}/dagRuns/{dag_run_id}/clear", Access.OPERATE.guard(actions::clearRun));
        routes.get(
                PREFIX + "/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances", Access.READ.guard(runs::taskInstances));
        routes.get(
                PREFIX + "/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}",
                Access.READ.guard(runs::taskInstance));
        routes.post(PREFIX + "/dags/~/dagRuns/~/taskInstances/list", Access.READ.guard(runs::listInstancesBatch));
        routes.patch(
                PREFIX + "/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}",
                Access.OPERATE.guard(actions::patchTaskInstance));
        routes.get(
                PREFIX + "/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/xcomEntries",
                Access.READ.guard(xcoms::list));
        routes.get(
                PREFIX + "/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/xcomEntries/{xcom_key}",
                Access.READ.guard(xcoms::get));
        routes.get(
                PREFIX + "/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/logs/{task_try_number}",
                Access.READ.guard(runs::log));
        routes.post(PREFIX + "/dags/{dag_id}/clearTaskInstances", Access.OPERATE.guard(actions::clearTaskInstances));
        routes.post(
                PREFIX + "/dags/{dag_id}/updateTaskInstancesState",
                Access.OPERATE.guard(actions::updateTaskInstancesState));

        routes.get(PREFIX + "/variables", Access.READ.guard(admin::variables));
        routes.post(PREFIX + "/variables", Access.ADMINISTER.guard(admin::createVariable));
        routes.get(PREFIX + "/variables/{variable_key}", Access.READ.guard(admin::variable));
        routes.patch(PREFIX + "/variables/{variable_key}", Access.ADMINISTER.guard(admin::patchVariable));
        routes.delete(PREFIX + "/variables/{variable_key}", Access.ADMINISTER.guard(admin::deleteVariable));

        routes.get(PREFIX + "/pools", Access.READ.guard(admin::pools));
        routes.post(PREFIX + "/pools", Access.ADMINISTER.guard(admin::createPool));
        routes.get(PREFIX + "/pools/{pool_name}", Access.READ.guard(admin::pool));
        routes.patch(PREFIX + "/pools/{pool_name}", Access.ADMINISTER.guard(admin::patchPool));
        routes.delete(PREFIX + "/pools/{pool_name}", Access.ADMINISTER.guard(admin::deletePool));

        routes.get(PREFIX + "/importErrors", Access.READ.guard(admin::importErrors));
        routes.get(PREFIX + "/importErrors/{import_error_id}", Access.READ.guard(admin::importError));
        routes.get(PREFIX + "/eventLogs", Access.READ.guard(admin::eventLogs));
        routes.get(PREFIX + "/eventLogs/{event_log_id}", Access.READ.guard(admin::eventLog));
        routes.get(PREFIX + "/users", Access.READ.guard(admin::users));
        routes.get(PREFIX + "/users/{username}", Access.READ.guard(admin::user));

        routes.exception(ApiProblem.class, (problem, ctx) -> respond(ctx, problem));
        routes.exception(WeirException.class, (error, ctx) -> respond(ctx, fromWeir(error)));
        routes.exception(Exception.class, (error, ctx) -> {
            LOG.error("Unexpected failure answering {} {}", ctx.method(), ctx.path(), error);
            respond(
                    ctx,
                    new ApiProblem(
                            500,
                            "Unknown",
                            "Internal server error",
                            "Weir failed unexpectedly: " + error.getClass().getSimpleName()
                                    + "; the server's log has the details"));
        });
    }

    /** A 404 for a path under {@code /api/v1} that names no endpoint. */
    public static void notFound(Context ctx) {
        respond(ctx, ApiProblem.notFound("Not found", "No endpoint " + ctx.method() + " " + ctx.path()));
    }

    /** Basic credentials, else the session; {@code /health} answers anyone, as Airflow's does. */
    private static void authenticate(Context ctx, WebApp app) {
        if (ctx.path().equals(PREFIX + "/health") || OpenApiRoutes.isOpen(ctx.path())) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            var credentials = ctx.basicAuthCredentials();
            Authenticator authenticator = app.authenticator();
            Outcome outcome = authenticator.signIn(credentials.getUsername(), credentials.getPassword(), ctx.ip());
            if (outcome instanceof Outcome.SignedIn signedIn) {
                ctx.attribute(Access.USER_ATTRIBUTE, signedIn.user());
            } else if (outcome instanceof Outcome.Throttled throttled) {
                long seconds = Math.max(1, throttled.retryAfter().toSeconds());
                ctx.header("Retry-After", Long.toString(seconds));
                throw new ApiProblem(
                        429,
                        "TooManyRequests",
                        "Too many failed sign-ins",
                        "Too many failed sign-ins for this user or address; try again in " + seconds + " s");
            } else {
                throw unauthenticated("Invalid username or password");
            }
            return;
        }
        String username = ctx.req().getSession(false) == null ? null : ctx.sessionAttribute(SESSION_USER);
        if (username != null) {
            UserRecord user = app.accounts().current(username).orElse(null);
            if (user != null) {
                // A browser session changes state only with the page's CSRF token, never by a cookie alone.
                boolean reads =
                        ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD");
                if (!reads && !Csrf.valid(ctx)) {
                    throw new ApiProblem(
                            403,
                            "PermissionDenied",
                            "Forbidden",
                            "A request signed in by the session" + " must send the " + Csrf.HEADER
                                    + " header of the page");
                }
                ctx.attribute(Access.USER_ATTRIBUTE, user);
                return;
            }
        }
        throw unauthenticated("Sign in or send HTTP basic credentials");
    }

    private static ApiProblem unauthenticated(String detail) {
        return new ApiProblem(401, "Unauthenticated", "Unauthorized", detail);
    }

    private static ApiProblem fromWeir(WeirException error) {
        return switch (error.code()) {
            case DAG_NOT_FOUND -> ApiProblem.notFound("DAG not found", error.getMessage());
            case RUN_NOT_FOUND -> ApiProblem.notFound("DAGRun not found", error.getMessage());
            case TASK_NOT_FOUND -> ApiProblem.notFound("Task not found", error.getMessage());
            case USER_INPUT, BAD_DATE, BAD_DURATION, BAD_SCHEDULE, TEMPLATE_ERROR -> ApiProblem.badRequest(
                    error.getMessage());
            case DAG_FILE_SYNTAX,
                    DAG_INVALID,
                    DAG_CYCLE,
                    SECRET_MISSING,
                    TASK_FAILED,
                    TASK_TIMEOUT,
                    METADATA_DB,
                    CONFIGURATION,
                    WAREHOUSE,
                    TRANSFORM -> new ApiProblem(500, "Unknown", "Internal server error", error.getMessage());
        };
    }

    static void respond(Context ctx, ApiProblem problem) {
        if (problem.status() == 401) {
            ctx.header("WWW-Authenticate", "Basic realm=\"Weir\"");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", PROBLEM_TYPE + problem.kind());
        json.put("title", problem.title());
        json.put("status", problem.status());
        json.put("detail", problem.detail());
        ctx.status(problem.status()).result(ApiJson.write(json)).contentType("application/problem+json");
    }
}

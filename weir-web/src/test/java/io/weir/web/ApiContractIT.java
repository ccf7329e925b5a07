package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.engine.scheduler.SchedulerListener;
import io.weir.store.XComRecord;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every endpoint the server registers under {@code /api/v1}, called over real HTTP and read from the server's own
 * route list (a new endpoint is checked without being named here): 401 without credentials, 403 for a Viewer on
 * every write, 404 for each path parameter that names nothing, 400 for a body that is not JSON and for a paging
 * parameter out of range or a sort field that does not exist, each as Airflow's problem JSON.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiContractIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAMETER = Pattern.compile("\\{([a-z_]+)}");
    /** Open to anyone, as Airflow's are: the health check and the API's own description. */
    private static final List<String> OPEN = List.of("/api/v1/health", "/api/v1/openapi.yaml", "/api/v1/ui");
    /** Writes by method, yet only reads: Airflow's batch lists take their filters in a POST body. */
    private static final List<String> READS_BY_POST =
            List.of("/api/v1/dags/~/dagRuns/list", "/api/v1/dags/~/dagRuns/~/taskInstances/list");

    private WebTestServer server;
    private final Map<String, String> known = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        server = WebTestServer.start(
                Map.of("hello.yaml", ApiIT.HELLO, "other.yaml", ApiIT.OTHER, "broken.yaml", ApiIT.BROKEN));
        String runId = server.weir()
                .test("hello", Instant.parse("2024-01-01T00:00:00Z"), SchedulerListener.NONE)
                .run()
                .runId();
        server.weir().store().useTransaction(session -> {
            session.variables().set("region", "eu-west-1", null);
            session.xcoms()
                    .put(new XComRecord(
                            "hello", runId, "first", "record_count", "42", Instant.parse("2024-01-01T00:01:00Z")));
        });
        // Something in the event log to name.
        ok(server.send("PATCH", "/api/v1/dags/other", "op", "{\"is_paused\": true}"));
        known.put("dag_id", "hello");
        known.put("dag_run_id", runId);
        known.put("run_id", runId);
        known.put("task_id", "first");
        known.put("task_try_number", "1");
        known.put("xcom_key", "record_count");
        known.put("variable_key", "region");
        known.put("pool_name", "default_pool");
        known.put("username", "viewer");
        known.put("file", "swagger-ui.css");
        known.put(
                "import_error_id",
                ok(server.send("GET", "/api/v1/importErrors", "viewer", null))
                        .at("/import_errors/0/import_error_id")
                        .asText());
        known.put(
                "event_log_id",
                ok(server.send("GET", "/api/v1/eventLogs", "viewer", null))
                        .at("/event_logs/0/event_log_id")
                        .asText());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private record Route(String method, String path) {
        boolean writes() {
            return !method.equals("GET") && !READS_BY_POST.contains(path);
        }

        boolean takesBody() {
            return method.equals("POST") || method.equals("PATCH");
        }

        List<String> parameters() {
            List<String> names = new ArrayList<>();
            Matcher matcher = PARAMETER.matcher(path);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private List<Route> apiRoutes() {
        List<Route> routes = server.routes().stream()
                .map(route -> route.split(" ", 2))
                .filter(parts -> parts[1].startsWith("/api/v1/"))
                .filter(parts -> OPEN.stream().noneMatch(open -> parts[1].startsWith(open)))
                .map(parts -> new Route(parts[0], parts[1]))
                .filter(route ->
                        !route.method().equals("BEFORE") && !route.method().equals("AFTER"))
                .distinct()
                .toList();
        assertThat(routes).as("the API's endpoints").hasSizeGreaterThan(35);
        return routes;
    }

    /** {@code route}'s path with every parameter naming something that exists, except {@code unknown}'s. */
    private String path(Route route, String unknown) {
        Matcher matcher = PARAMETER.matcher(route.path());
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = name.equals(unknown) ? unknownValue(name) : known.get(name);
            assertThat(value).as("a value for {%s} in %s", name, route).isNotNull();
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    private static String unknownValue(String parameter) {
        return switch (parameter) {
            case "task_try_number" -> "7";
            case "import_error_id", "event_log_id" -> "987654";
            default -> "no_such_" + parameter;
        };
    }

    /** A body the route accepts, changing nothing (a dry run where Airflow has one). */
    private String validBody(Route route) {
        String path = route.path();
        if (path.endsWith("/updateTaskInstancesState")) {
            return "{\"dry_run\": true, \"task_id\": \"first\", \"dag_run_id\": \"" + known.get("dag_run_id")
                    + "\", \"new_state\": \"success\"}";
        }
        if (path.endsWith("/taskInstances/{task_id}")) {
            return "{\"dry_run\": true, \"new_state\": \"success\"}";
        }
        if (path.endsWith("/clear") || path.endsWith("/clearTaskInstances")) {
            return "{\"dry_run\": true}";
        }
        if (path.endsWith("/dagRuns/{dag_run_id}")) {
            return "{\"state\": \"success\"}";
        }
        if (path.endsWith("/dags/{dag_id}") || path.equals("/api/v1/dags")) {
            return "{\"is_paused\": true}";
        }
        if (path.contains("/variables")) {
            return "{\"key\": \"region\", \"value\": \"eu-west-1\"}";
        }
        if (path.contains("/pools")) {
            return "{\"name\": \"default_pool\", \"slots\": 128}";
        }
        return "{}";
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** Checks {@code response} is Airflow's problem JSON with {@code status} and {@code kind}. */
    private static void assertProblem(
            SoftAssertions soft, Object call, HttpResponse<String> response, int status, String kind) {
        soft.assertThat(response.statusCode())
                .as("%s: %s", call, response.body())
                .isEqualTo(status);
        if (response.statusCode() != status) {
            return;
        }
        soft.assertThat(response.headers().firstValue("Content-Type"))
                .as("%s content type", call)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        try {
            JsonNode problem = JSON.readTree(response.body());
            soft.assertThat(problem.path("status").asInt())
                    .as("%s status field", call)
                    .isEqualTo(status);
            soft.assertThat(problem.path("type").asText()).as("%s type", call).endsWith("#section/Errors/" + kind);
            soft.assertThat(problem.path("title").asText()).as("%s title", call).isNotBlank();
            soft.assertThat(problem.path("detail").asText())
                    .as("%s detail", call)
                    .isNotBlank();
        } catch (Exception e) {
            soft.fail("%s answered no JSON: %s", call, response.body());
        }
    }

    @Test
    void everyEndpointRefusesACallerWithoutCredentials() {
        SoftAssertions soft = new SoftAssertions();
        for (Route route : apiRoutes()) {
            String body = route.takesBody() ? validBody(route) : null;
            HttpResponse<String> response = server.send(route.method(), path(route, null), null, body);
            assertProblem(soft, route, response, 401, "Unauthenticated");
        }
        soft.assertAll();
    }

    @Test
    void everyWriteRefusesAViewer() {
        SoftAssertions soft = new SoftAssertions();
        List<Route> writes = apiRoutes().stream().filter(Route::writes).toList();
        assertThat(writes).as("the API's writes").hasSizeGreaterThan(15);
        for (Route route : writes) {
            String body = route.takesBody() ? validBody(route) : null;
            HttpResponse<String> response = server.send(route.method(), path(route, null), "viewer", body);
            assertProblem(soft, route, response, 403, "PermissionDenied");
        }
        soft.assertAll();
    }

    /**
     * Each write, done for real by an Admin on a server of its own: the event it leaves in the audit log. Every write
     * the server registers must be here, so a new one cannot go unrecorded unnoticed. Deletions come last.
     */
    @Test
    void everyWriteIsRecordedInTheAuditLogWithWhoAndFromWhere() {
        try (WebTestServer own = WebTestServer.start(Map.of("hello.yaml", ApiIT.HELLO, "other.yaml", ApiIT.OTHER))) {
            String runId = own.weir()
                    .test("hello", Instant.parse("2024-01-01T00:00:00Z"), SchedulerListener.NONE)
                    .run()
                    .runId();
            String run = "/api/v1/dags/hello/dagRuns/" + runId;
            String mark = "{\"dry_run\": false, \"new_state\": \"failed\"}";
            record Call(String route, String path, String body, String event) {}
            List<Call> calls = List.of(
                    new Call(
                            "PATCH /api/v1/dags",
                            "/api/v1/dags?dag_id_pattern=oth",
                            "{\"is_paused\": false}",
                            "unpause"),
                    new Call("PATCH /api/v1/dags/{dag_id}", "/api/v1/dags/hello", "{\"is_paused\": false}", "unpause"),
                    new Call(
                            "POST /api/v1/dags/{dag_id}/dagRuns",
                            "/api/v1/dags/hello/dagRuns",
                            "{\"logical_date\": \"2024-02-01T00:00:00+00:00\"}",
                            "trigger"),
                    new Call(
                            "PATCH /api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}",
                            run + "/taskInstances/third",
                            mark,
                            "mark.failed"),
                    new Call(
                            "POST /api/v1/dags/{dag_id}/updateTaskInstancesState",
                            "/api/v1/dags/hello/updateTaskInstancesState",
                            "{\"dry_run\": false, \"task_id\": \"second\", \"dag_run_id\": \"" + runId
                                    + "\", \"new_state\": \"failed\"}",
                            "mark.failed"),
                    new Call(
                            "POST /api/v1/dags/{dag_id}/clearTaskInstances",
                            "/api/v1/dags/hello/clearTaskInstances",
                            "{\"dry_run\": false, \"only_failed\": true}",
                            "clear"),
                    new Call(
                            "POST /api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/clear",
                            run + "/clear",
                            "{\"dry_run\": false}",
                            "clear"),
                    new Call(
                            "PATCH /api/v1/dags/{dag_id}/dagRuns/{dag_run_id}",
                            run,
                            "{\"state\": \"success\"}",
                            "dag_run.success"),
                    new Call(
                            "POST /api/v1/variables",
                            "/api/v1/variables",
                            "{\"key\": \"region\", \"value\": \"eu\"}",
                            "variable.set"),
                    new Call(
                            "PATCH /api/v1/variables/{variable_key}",
                            "/api/v1/variables/region",
                            "{\"key\": \"region\", \"value\": \"us\"}",
                            "variable.set"),
                    new Call(
                            "POST /api/v1/pools",
                            "/api/v1/pools",
                            "{\"name\": \"narrow\", \"slots\": 2}",
                            "pool.create"),
                    new Call(
                            "PATCH /api/v1/pools/{pool_name}",
                            "/api/v1/pools/narrow",
                            "{\"name\": \"narrow\", \"slots\": 3}",
                            "pool.update"),
                    new Call(
                            "DELETE /api/v1/variables/{variable_key}",
                            "/api/v1/variables/region",
                            null,
                            "variable.delete"),
                    new Call("DELETE /api/v1/pools/{pool_name}", "/api/v1/pools/narrow", null, "pool.delete"),
                    new Call("DELETE /api/v1/dags/{dag_id}/dagRuns/{dag_run_id}", run, null, "delete"),
                    new Call("DELETE /api/v1/dags/{dag_id}", "/api/v1/dags/other", null, "delete"));
            List<String> writes = own.routes().stream()
                    .filter(route -> route.contains(" /api/v1/"))
                    .map(route -> route.split(" ", 2))
                    .filter(parts -> List.of("POST", "PUT", "PATCH", "DELETE").contains(parts[0]))
                    .map(parts -> new Route(parts[0], parts[1]))
                    .filter(Route::writes)
                    .map(Route::toString)
                    .distinct()
                    .toList();
            assertThat(calls.stream().map(Call::route).distinct().toList())
                    .as("a real call for every write the server registers")
                    .containsExactlyInAnyOrderElementsOf(writes);
            SoftAssertions soft = new SoftAssertions();
            for (Call call : calls) {
                String method = call.route().split(" ")[0];
                HttpResponse<String> response = own.send(method, call.path(), "admin", call.body());
                soft.assertThat(response.statusCode())
                        .as("%s: %s", call.route(), response.body())
                        .isBetween(200, 299);
                JsonNode newest = ok(own.send("GET", "/api/v1/eventLogs?limit=1", "viewer", null))
                        .at("/event_logs/0");
                soft.assertThat(newest.path("event").asText())
                        .as("%s event", call.route())
                        .isEqualTo(call.event());
                soft.assertThat(newest.path("owner").asText())
                        .as("%s owner", call.route())
                        .isEqualTo("admin");
                soft.assertThat(newest.path("origin").asText())
                        .as("%s origin", call.route())
                        .isEqualTo("api");
                soft.assertThat(newest.path("address").asText())
                        .as("%s address", call.route())
                        .isNotBlank();
            }
            soft.assertAll();
        }
    }

    @Test
    void aDagWhoseFileIsGoneIsListedOnlyWhenOnlyActiveIsFalseAndPausedFilters() throws Exception {
        try (WebTestServer own = WebTestServer.start(Map.of("hello.yaml", ApiIT.HELLO, "other.yaml", ApiIT.OTHER))) {
            ok(own.send("PATCH", "/api/v1/dags/hello", "op", "{\"is_paused\": false}"));
            java.nio.file.Files.delete(own.project().resolve("dags/other.yaml"));
            own.weir().dagBag().refresh();
            assertThat(dagIds(own, "/api/v1/dags"))
                    .as("only_active defaults to true")
                    .containsExactly("hello");
            assertThat(dagIds(own, "/api/v1/dags?only_active=true")).containsExactly("hello");
            assertThat(dagIds(own, "/api/v1/dags?only_active=false")).containsExactly("hello", "other");
            JsonNode gone = ok(own.send("GET", "/api/v1/dags/other", "viewer", null));
            assertThat(gone.get("is_active").asBoolean()).isFalse();
            assertThat(dagIds(own, "/api/v1/dags?only_active=false&paused=true"))
                    .containsExactly("other");
            assertThat(dagIds(own, "/api/v1/dags?paused=false")).containsExactly("hello");
            assertThat(own.send("GET", "/api/v1/dags?paused=maybe", "viewer", null)
                            .statusCode())
                    .isEqualTo(400);
        }
    }

    private static List<String> dagIds(WebTestServer own, String path) {
        List<String> ids = new ArrayList<>();
        ok(own.send("GET", path, "viewer", null))
                .get("dags")
                .forEach(dag -> ids.add(dag.get("dag_id").asText()));
        return ids;
    }

    @Test
    void everyPathParameterThatNamesNothingIsNotFound() {
        SoftAssertions soft = new SoftAssertions();
        int checked = 0;
        for (Route route : apiRoutes()) {
            for (String parameter : route.parameters()) {
                if (route.path().endsWith("/xcomEntries") && parameter.equals("task_id")) {
                    // As in Airflow, the list filters by task: a task without entries has none, not a 404.
                    continue;
                }
                String body = route.takesBody() ? validBody(route) : null;
                String path = path(route, parameter);
                HttpResponse<String> response = server.send(route.method(), path, "admin", body);
                assertProblem(soft, route.method() + " " + path, response, 404, "NotFound");
                checked++;
            }
        }
        assertThat(checked).as("path parameters checked").isGreaterThan(40);
        soft.assertAll();
    }

    @Test
    void noPathParameterOfAnyPageOrEndpointReadsAFileOutsideItsFolder() throws Exception {
        java.nio.file.Files.writeString(server.project().resolve("outside.txt"), "outside-marker-7d1f");
        List<Route> reads = server.routes().stream()
                .map(route -> route.split(" ", 2))
                .filter(parts -> parts[0].equals("GET") && parts[1].contains("{"))
                // The live pages' event stream stays open; it reads no file.
                .filter(parts -> !parts[1].endsWith("/events"))
                .map(parts -> new Route(parts[0], parts[1]))
                .distinct()
                .toList();
        assertThat(reads).as("pages and endpoints with path parameters").hasSizeGreaterThan(20);
        SoftAssertions soft = new SoftAssertions();
        for (Route route : reads) {
            for (String parameter : route.parameters()) {
                for (String climb :
                        List.of("..%2Foutside.txt", "..%2F..%2Foutside.txt", "..%2F..%2F..%2Foutside.txt")) {
                    known.put("climb", climb);
                    String path = path(new Route("GET", route.path().replace("{" + parameter + "}", "{climb}")), null);
                    HttpResponse<String> response = server.send("GET", path + "?try=1", "admin", null);
                    soft.assertThat(response.body()).as("GET %s", path).doesNotContain("outside-marker-7d1f");
                    if (path.startsWith("/api/v1/") && response.statusCode() == 200) {
                        // Only a list filtered by the parameter answers, and then with nothing in it.
                        soft.assertThat(response.body()).as("GET %s", path).contains("\"total_entries\":0");
                    } else if (path.startsWith("/api/v1/")) {
                        soft.assertThat(response.statusCode())
                                .as("GET %s", path)
                                .isIn(400, 404);
                    }
                }
            }
        }
        known.remove("climb");
        soft.assertAll();
    }

    @Test
    void aBodyThatIsNotJsonIsABadRequest() {
        SoftAssertions soft = new SoftAssertions();
        for (Route route : apiRoutes()) {
            if (route.takesBody()) {
                HttpResponse<String> response = server.send(route.method(), path(route, null), "admin", "{\"dry_run");
                assertProblem(soft, route, response, 400, "BadRequest");
            }
        }
        soft.assertAll();
    }

    @Test
    void aPagingParameterOutOfRangeOrAnUnknownSortFieldIsABadRequest() {
        SoftAssertions soft = new SoftAssertions();
        for (Route route : apiRoutes()) {
            if (route.method().equals("GET") && listsEntries(route)) {
                for (String query : badPaging(route)) {
                    String call = path(route, null) + "?" + query;
                    assertProblem(soft, "GET " + call, server.send("GET", call, "viewer", null), 400, "BadRequest");
                }
            }
        }
        soft.assertAll();
    }

    /**
     * Whether the route answers a page of entries with {@code total_entries}, as Airflow's lists do; a DAG's tasks
     * are listed whole, as Airflow lists them (sorted by order_by, without limit and offset).
     */
    private boolean listsEntries(Route route) {
        HttpResponse<String> answer = server.send("GET", path(route, null), "admin", null);
        boolean json = answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
        return json && !route.path().endsWith("/tasks") && ok(answer).has("total_entries");
    }

    /** Airflow's XCom list takes limit and offset but no order_by. */
    private static List<String> badPaging(Route route) {
        return route.path().endsWith("/xcomEntries")
                ? List.of("limit=ten", "offset=-1", "limit=0")
                : List.of("limit=ten", "offset=-1", "limit=0", "order_by=no_such_field");
    }
}

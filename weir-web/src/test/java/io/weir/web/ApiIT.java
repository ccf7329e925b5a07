package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.engine.scheduler.SchedulerListener;
import io.weir.store.AuditRecord;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The REST API over real HTTP: every endpoint, its status codes, field names and problem JSON. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiIT {
    static final String HELLO =
            """
            dag_id: hello
            description: "<script>alert(1)</script>"
            schedule: "@daily"
            start_date: 2024-01-01
            catchup: false
            tags: [demo, web]
            default_args:
              owner: data-team
            tasks:
              first:
                type: command
                command: echo first-line
              second:
                type: command
                after: [first]
                owner: loaders
                command: echo second-line
              third:
                type: command
                after: [second]
                command: echo third-line
            """;
    static final String OTHER =
            """
            dag_id: other
            schedule: "@hourly"
            start_date: 2024-01-01
            catchup: false
            tags: [ops]
            tasks:
              only:
                type: empty
            """;
    static final String BROKEN = "dag_id: broken\ntasks:\n  a:\n    tpye: command\n";

    private static final ObjectMapper JSON = new ObjectMapper();
    private WebTestServer server;
    private String runId;

    @BeforeAll
    void start() {
        server = WebTestServer.start(Map.of("hello.yaml", HELLO, "other.yaml", OTHER, "broken.yaml", BROKEN));
        runId = server.weir()
                .test("hello", Instant.parse("2024-01-01T00:00:00Z"), SchedulerListener.NONE)
                .run()
                .runId();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return parse(response);
    }

    private static JsonNode parse(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status, String kind) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = parse(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).endsWith("#section/Errors/" + kind);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.get(field).asText()));
        return values;
    }

    @Test
    void healthAnswersWithoutCredentialsAndEverythingElseNeedsThem() {
        JsonNode health = ok(server.send("GET", "/api/v1/health", null, null));
        assertThat(health.at("/metadatabase/status").asText()).isEqualTo("healthy");
        assertThat(health.at("/scheduler/status").asText()).isEqualTo("unhealthy");

        HttpResponse<String> anonymous = server.send("GET", "/api/v1/dags", null, null);
        assertProblem(anonymous, 401, "Unauthenticated");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Weir\"");
        assertProblem(server.send("GET", "/api/v1/version", null, null), 401, "Unauthenticated");
        assertThat(ok(server.send("GET", "/api/v1/version", "viewer", null))
                        .get("version")
                        .asText())
                .isEqualTo("0.1.0-test");
    }

    @Test
    void aWrongPasswordIsRefusedAndRepeatedFailuresAreThrottledPerUser() {
        var wrong = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/api/v1/dags")))
                .header(
                        "Authorization",
                        "Basic " + java.util.Base64.getEncoder().encodeToString("op:nope".getBytes()))
                .build();
        for (int attempt = 1; attempt <= WebApp.MAX_FAILED_SIGN_INS; attempt++) {
            assertProblem(server.send(wrong), 401, "Unauthenticated");
        }
        HttpResponse<String> throttled = server.send(wrong);
        assertProblem(throttled, 429, "TooManyRequests");
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        // Even the right password waits now; other users are not affected.
        assertProblem(server.send("GET", "/api/v1/dags", "op", null), 429, "TooManyRequests");
        ok(server.send("GET", "/api/v1/dags", "user", null));
        assertThat(server.send("GET", "/api/v1/dags", "op", null).body()).doesNotContain(WebTestServer.PASSWORD);
    }

    @Test
    void dagsAreListedFilteredPagedAndSorted() {
        JsonNode all = ok(server.send("GET", "/api/v1/dags", "viewer", null));
        assertThat(all.get("total_entries").asInt()).isEqualTo(2);
        assertThat(texts(all.get("dags"), "dag_id")).containsExactly("hello", "other");
        JsonNode hello = all.get("dags").get(0);
        assertThat(hello.get("description").asText()).isEqualTo("<script>alert(1)</script>");
        assertThat(hello.get("fileloc").asText()).isEqualTo("dags/hello.yaml");
        assertThat(hello.at("/schedule_interval/value").asText()).isEqualTo("@daily");
        assertThat(texts(hello.get("tags"), "name")).containsExactly("demo", "web");
        assertThat(hello.get("is_active").asBoolean()).isTrue();
        assertThat(hello.has("is_paused")).isTrue();

        assertThat(texts(
                        ok(server.send("GET", "/api/v1/dags?tags=ops", "viewer", null))
                                .get("dags"),
                        "dag_id"))
                .containsExactly("other");
        assertThat(texts(
                        ok(server.send("GET", "/api/v1/dags?dag_id_pattern=ELL", "viewer", null))
                                .get("dags"),
                        "dag_id"))
                .containsExactly("hello");
        JsonNode page = ok(server.send("GET", "/api/v1/dags?limit=1&offset=0&order_by=-dag_id", "viewer", null));
        assertThat(texts(page.get("dags"), "dag_id")).containsExactly("other");
        assertThat(page.get("total_entries").asInt()).isEqualTo(2);

        assertProblem(server.send("GET", "/api/v1/dags?order_by=owner_password", "viewer", null), 400, "BadRequest");
        assertProblem(server.send("GET", "/api/v1/dags?limit=many", "viewer", null), 400, "BadRequest");
        assertProblem(server.send("GET", "/api/v1/dags?limit=0", "viewer", null), 400, "BadRequest");
        assertProblem(server.send("GET", "/api/v1/dags/nope", "viewer", null), 404, "NotFound");
        assertProblem(server.send("GET", "/api/v1/no/such/endpoint", "viewer", null), 404, "NotFound");
    }

    @Test
    void aDagsDetailsAndTasks() {
        JsonNode details = ok(server.send("GET", "/api/v1/dags/hello/details", "viewer", null));
        assertThat(details.get("catchup").asBoolean()).isFalse();
        assertThat(details.get("start_date").asText()).isEqualTo("2024-01-01T00:00:00+00:00");
        assertThat(details.get("timezone").asText()).isNotBlank();
        assertThat(details.get("owners").toString())
                .as("default_args' owner and one task's own")
                .isEqualTo("[\"data-team\",\"loaders\"]");
        JsonNode tasks = ok(server.send("GET", "/api/v1/dags/hello/tasks", "viewer", null));
        assertThat(tasks.get("total_entries").asInt()).isEqualTo(3);
        assertThat(texts(tasks.get("tasks"), "task_id")).containsExactly("first", "second", "third");
        assertThat(tasks.get("tasks").get(0).get("downstream_task_ids").get(0).asText())
                .isEqualTo("second");
        assertThat(tasks.get("tasks").get(0).get("operator_name").asText()).isEqualTo("command");
        assertThat(texts(tasks.get("tasks"), "owner")).containsExactly("data-team", "loaders", "data-team");
        assertProblem(server.send("GET", "/api/v1/dags/nope/tasks", "viewer", null), 404, "NotFound");
    }

    @Test
    void pausingNeedsAnOperatorAndIsAudited() {
        assertProblem(
                server.send("PATCH", "/api/v1/dags/other", "viewer", "{\"is_paused\": true}"), 403, "PermissionDenied");
        assertProblem(server.send("PATCH", "/api/v1/dags/other", "op", "{\"is_paused\": \"yes\"}"), 400, "BadRequest");
        assertProblem(server.send("PATCH", "/api/v1/dags/other", "op", "not json"), 400, "BadRequest");
        assertProblem(server.send("PATCH", "/api/v1/dags/nope", "op", "{\"is_paused\": true}"), 404, "NotFound");
        JsonNode paused = ok(server.send("PATCH", "/api/v1/dags/other", "op", "{\"is_paused\": true}"));
        assertThat(paused.get("is_paused").asBoolean()).isTrue();
        assertThat(ok(server.send("GET", "/api/v1/dags/other", "viewer", null))
                        .get("is_paused")
                        .asBoolean())
                .isTrue();

        JsonNode many = ok(server.send("PATCH", "/api/v1/dags?dag_id_pattern=~", "user", "{\"is_paused\": false}"));
        assertThat(many.get("total_entries").asInt()).isEqualTo(2);
        assertThat(ok(server.send("GET", "/api/v1/dags?paused=true", "viewer", null))
                        .get("total_entries")
                        .asInt())
                .isZero();
        assertProblem(server.send("PATCH", "/api/v1/dags", "op", "{\"is_paused\": true}"), 400, "BadRequest");

        JsonNode events = ok(server.send("GET", "/api/v1/eventLogs?dag_id=other&event=pause", "viewer", null));
        assertThat(events.get("total_entries").asInt()).isEqualTo(1);
        JsonNode entry = events.get("event_logs").get(0);
        assertThat(entry.get("owner").asText()).isEqualTo("op");
        assertThat(entry.get("origin").asText()).isEqualTo("api");
        assertThat(entry.get("address").asText()).isEqualTo("127.0.0.1");
        long id = entry.get("event_log_id").asLong();
        assertThat(ok(server.send("GET", "/api/v1/eventLogs/" + id, "viewer", null))
                        .get("event")
                        .asText())
                .isEqualTo("pause");
        assertProblem(server.send("GET", "/api/v1/eventLogs/999999", "viewer", null), 404, "NotFound");
    }

    @Test
    void theEventLogIsSortedByAnyOfAirflowsFieldsNewestFirstByDefault() {
        Instant t0 = Instant.parse("2024-05-01T00:00:00Z");
        server.weir().store().useTransaction(s -> {
            s.audit().add(new AuditRecord(0, t0, "bea", "trigger", "sorted", "r2", "b", "api", null, "x"));
            s.audit().add(new AuditRecord(0, t0.plusSeconds(2), "al", "clear", "sorted", "r1", null, "ui", null, null));
            s.audit().add(new AuditRecord(0, t0.plusSeconds(1), "cy", "pause", "sorted", "r3", "a", "cli", null, "y"));
        });
        String list = "/api/v1/eventLogs?dag_id=sorted";
        assertThat(events(list)).containsExactly("clear", "pause", "trigger");
        assertThat(events(list + "&order_by=when")).containsExactly("trigger", "pause", "clear");
        assertThat(events(list + "&order_by=event_log_id")).containsExactly("trigger", "clear", "pause");
        assertThat(events(list + "&order_by=-event_log_id")).containsExactly("pause", "clear", "trigger");
        assertThat(events(list + "&order_by=owner")).containsExactly("clear", "trigger", "pause");
        assertThat(events(list + "&order_by=-run_id")).containsExactly("pause", "trigger", "clear");
        assertThat(events(list + "&order_by=event")).containsExactly("clear", "pause", "trigger");
        assertThat(events(list + "&order_by=task_id"))
                .as("an entry without a task comes first, as the smallest value")
                .containsExactly("clear", "pause", "trigger");
        assertThat(events(list + "&order_by=-extra")).containsExactly("pause", "trigger", "clear");
        assertThat(events(list + "&order_by=when&limit=1&offset=1")).containsExactly("pause");
        assertProblem(server.send("GET", list + "&order_by=password", "viewer", null), 400, "BadRequest");
    }

    private List<String> events(String path) {
        List<String> events = new ArrayList<>();
        ok(server.send("GET", path, "viewer", null))
                .get("event_logs")
                .forEach(entry -> events.add(entry.get("event").asText()));
        return events;
    }

    @Test
    void runsAreTriggeredListedAndFound() {
        assertProblem(server.send("POST", "/api/v1/dags/other/dagRuns", "viewer", "{}"), 403, "PermissionDenied");
        JsonNode run = ok(server.send(
                "POST",
                "/api/v1/dags/other/dagRuns",
                "user",
                "{\"logical_date\": \"2024-02-01T00:00:00+00:00\", \"conf\": {\"full\": true}}"));
        assertThat(run.get("dag_run_id").asText()).isEqualTo("manual__2024-02-01T00:00:00+00:00");
        assertThat(run.get("run_type").asText()).isEqualTo("manual");
        assertThat(run.get("state").asText()).isEqualTo("queued");
        assertThat(run.get("external_trigger").asBoolean()).isTrue();
        assertThat(run.at("/conf/full").asBoolean()).isTrue();
        assertThat(run.get("logical_date").asText())
                .isEqualTo(run.get("execution_date").asText());
        assertThat(run.get("data_interval_start").asText()).isEqualTo("2024-02-01T00:00:00+00:00");

        assertProblem(
                server.send(
                        "POST",
                        "/api/v1/dags/other/dagRuns",
                        "user",
                        "{\"logical_date\": \"2024-02-01T00:00:00+00:00\"}"),
                409,
                "AlreadyExists");
        assertProblem(
                server.send("POST", "/api/v1/dags/other/dagRuns", "user", "{\"logical_date\": \"yesterday\"}"),
                400,
                "BadRequest");
        assertProblem(server.send("POST", "/api/v1/dags/other/dagRuns", "user", "{\"conf\": [1]}"), 400, "BadRequest");
        assertProblem(server.send("POST", "/api/v1/dags/nope/dagRuns", "user", "{}"), 404, "NotFound");

        JsonNode runs = ok(server.send("GET", "/api/v1/dags/other/dagRuns?state=queued", "viewer", null));
        assertThat(runs.get("total_entries").asInt()).isEqualTo(1);
        assertThat(texts(runs.get("dag_runs"), "dag_run_id")).containsExactly("manual__2024-02-01T00:00:00+00:00");
        JsonNode everyDag = ok(server.send("GET", "/api/v1/dags/~/dagRuns?order_by=dag_id", "viewer", null));
        assertThat(texts(everyDag.get("dag_runs"), "dag_id")).contains("hello", "other");
        JsonNode batch = ok(server.send(
                "POST",
                "/api/v1/dags/~/dagRuns/list",
                "viewer",
                "{\"dag_ids\": [\"hello\"], \"states\": [\"success\"]}"));
        assertThat(texts(batch.get("dag_runs"), "dag_run_id")).containsExactly(runId);
        assertThat(ok(server.send("GET", "/api/v1/dags/hello/dagRuns/" + runId, "viewer", null))
                        .get("state")
                        .asText())
                .isEqualTo("success");
        assertProblem(server.send("GET", "/api/v1/dags/hello/dagRuns/nope", "viewer", null), 404, "NotFound");
        assertProblem(
                server.send("GET", "/api/v1/dags/hello/dagRuns?execution_date_gte=soon", "viewer", null),
                400,
                "BadRequest");

        JsonNode audit = ok(server.send("GET", "/api/v1/eventLogs?event=trigger&dag_id=other", "viewer", null));
        assertThat(audit.at("/event_logs/0/owner").asText()).isEqualTo("user");
        assertThat(audit.at("/event_logs/0/run_id").asText()).isEqualTo("manual__2024-02-01T00:00:00+00:00");
    }

    @Test
    void taskInstancesAndTheirLogs() {
        String base = "/api/v1/dags/hello/dagRuns/" + runId + "/taskInstances";
        JsonNode instances = ok(server.send("GET", base, "viewer", null));
        assertThat(instances.get("total_entries").asInt()).isEqualTo(3);
        JsonNode first = instances.get("task_instances").get(0);
        assertThat(first.get("task_id").asText()).isEqualTo("first");
        assertThat(first.get("state").asText()).isEqualTo("success");
        assertThat(first.get("try_number").asInt()).isEqualTo(1);
        assertThat(first.get("map_index").asInt()).isEqualTo(-1);
        assertThat(first.get("execution_date").asText()).isEqualTo("2024-01-01T00:00:00+00:00");
        assertThat(first.get("duration").isNumber()).isTrue();
        assertThat(ok(server.send("GET", "/api/v1/dags/~/dagRuns/~/taskInstances?state=success", "viewer", null))
                        .get("total_entries")
                        .asInt())
                .isEqualTo(3);

        assertThat(ok(server.send("GET", base + "/second", "viewer", null))
                        .get("operator")
                        .asText())
                .isEqualTo("command");
        assertProblem(server.send("GET", base + "/nope", "viewer", null), 404, "NotFound");

        HttpResponse<String> text = server.send("GET", base + "/first/logs/1", "viewer", null);
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.body()).contains("first-line");
        var jsonLog = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url(base + "/first/logs/1")))
                .header("Accept", "application/json")
                .header(
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString(("viewer:" + WebTestServer.PASSWORD).getBytes()))
                .build();
        assertThat(ok(server.send(jsonLog)).get("content").asText()).contains("first-line");
        assertProblem(server.send("GET", base + "/first/logs/2", "viewer", null), 404, "NotFound");
        assertProblem(server.send("GET", base + "/first/logs/x", "viewer", null), 400, "BadRequest");
        // A traversal in a path parameter names no task instance, so no file is read.
        assertProblem(server.send("GET", base + "/..%2F..%2Fweir.yaml/logs/1", "viewer", null), 404, "NotFound");
    }

    @Test
    void clearingAndMarkingGoThroughTheEngineWithDryRunsFirst() {
        String clear = "/api/v1/dags/hello/clearTaskInstances";
        String body = "{\"dag_run_id\": \"" + runId + "\", \"task_ids\": [\"second\"], \"include_downstream\": true,"
                + " \"only_failed\": false";
        assertProblem(server.send("POST", clear, "viewer", body + "}"), 403, "PermissionDenied");
        JsonNode preview = ok(server.send("POST", clear, "op", body + "}"));
        assertThat(texts(preview.get("task_instances"), "task_id")).containsExactlyInAnyOrder("second", "third");
        assertThat(ok(server.send(
                                "GET", "/api/v1/dags/hello/dagRuns/" + runId + "/taskInstances/third", "viewer", null))
                        .get("state")
                        .asText())
                .as("a dry run changes nothing")
                .isEqualTo("success");

        JsonNode marked = ok(server.send(
                "POST",
                "/api/v1/dags/hello/updateTaskInstancesState",
                "op",
                "{\"dry_run\": false, \"dag_run_id\": \"" + runId + "\", \"task_id\": \"third\", \"new_state\":"
                        + " \"failed\"}"));
        assertThat(texts(marked.get("task_instances"), "task_id")).containsExactly("third");
        assertThat(ok(server.send("GET", "/api/v1/dags/hello/dagRuns/" + runId, "viewer", null))
                        .get("state")
                        .asText())
                .isEqualTo("failed");
        assertProblem(
                server.send(
                        "POST",
                        "/api/v1/dags/hello/updateTaskInstancesState",
                        "op",
                        "{\"dag_run_id\": \"" + runId + "\", \"task_id\": \"third\", \"new_state\": \"running\"}"),
                400,
                "BadRequest");

        JsonNode cleared = ok(server.send("POST", clear, "op", body + ", \"dry_run\": false}"));
        assertThat(texts(cleared.get("task_instances"), "task_id")).containsExactlyInAnyOrder("second", "third");
        JsonNode third =
                ok(server.send("GET", "/api/v1/dags/hello/dagRuns/" + runId + "/taskInstances/third", "viewer", null));
        assertThat(third.get("state").isNull())
                .as("cleared instances have no state until the scheduler runs them")
                .isTrue();

        JsonNode runPreview = ok(server.send("POST", "/api/v1/dags/hello/dagRuns/" + runId + "/clear", "op", "{}"));
        assertThat(runPreview.get("total_entries").asInt()).isEqualTo(3);
        JsonNode events = ok(server.send("GET", "/api/v1/eventLogs?dag_id=hello", "viewer", null));
        assertThat(texts(events.get("event_logs"), "event")).contains("clear", "mark.failed");
    }

    @Test
    void variablesAreForAdminsAndSecretValuesAreMasked() {
        String secret = "{\"key\": \"warehouse_password\", \"value\": \"s3cr3t-value\", \"description\": \"pw\"}";
        assertProblem(server.send("POST", "/api/v1/variables", "op", secret), 403, "PermissionDenied");
        assertProblem(server.send("POST", "/api/v1/variables", "viewer", secret), 403, "PermissionDenied");
        assertThat(ok(server.send("POST", "/api/v1/variables", "admin", secret))
                        .get("value")
                        .asText())
                .isEqualTo("***");
        ok(server.send("POST", "/api/v1/variables", "admin", "{\"key\": \"region\", \"value\": \"<b>eu</b>\"}"));

        HttpResponse<String> list = server.send("GET", "/api/v1/variables", "viewer", null);
        assertThat(list.body()).doesNotContain("s3cr3t-value");
        assertThat(texts(ok(list).get("variables"), "key")).containsExactly("region", "warehouse_password");
        assertThat(ok(server.send("GET", "/api/v1/variables/region", "viewer", null))
                        .get("value")
                        .asText())
                .isEqualTo("<b>eu</b>");
        assertProblem(server.send("GET", "/api/v1/variables/nope", "viewer", null), 404, "NotFound");
        assertProblem(server.send("POST", "/api/v1/variables", "admin", "{\"key\": \"\"}"), 400, "BadRequest");

        JsonNode patched = ok(server.send("PATCH", "/api/v1/variables/region", "admin", "{\"value\": \"us\"}"));
        assertThat(patched.get("value").asText()).isEqualTo("us");
        assertProblem(
                server.send("PATCH", "/api/v1/variables/region", "admin", "{\"key\": \"other\", \"value\": \"x\"}"),
                400,
                "BadRequest");
        assertThat(server.send("DELETE", "/api/v1/variables/region", "admin", null)
                        .statusCode())
                .isEqualTo(204);
        assertProblem(server.send("DELETE", "/api/v1/variables/region", "admin", null), 404, "NotFound");
        assertThat(server.weir()
                        .store()
                        .<java.util.Optional<io.weir.store.VariableRecord>>inTransaction(
                                s -> s.variables().get("warehouse_password")))
                .get()
                .extracting(io.weir.store.VariableRecord::value)
                .isEqualTo("s3cr3t-value");
        JsonNode audit = ok(server.send("GET", "/api/v1/eventLogs?event=variable.set", "viewer", null));
        assertThat(audit.toString()).doesNotContain("s3cr3t-value");
    }

    @Test
    void poolsImportErrorsAndUsers() {
        assertProblem(
                server.send("POST", "/api/v1/pools", "op", "{\"name\": \"etl\", \"slots\": 4}"),
                403,
                "PermissionDenied");
        assertThat(ok(server.send("POST", "/api/v1/pools", "admin", "{\"name\": \"etl\", \"slots\": 4}"))
                        .get("open_slots")
                        .asInt())
                .isEqualTo(4);
        assertProblem(
                server.send("POST", "/api/v1/pools", "admin", "{\"name\": \"etl\", \"slots\": 4}"),
                409,
                "AlreadyExists");
        assertProblem(
                server.send("POST", "/api/v1/pools", "admin", "{\"name\": \"x\", \"slots\": -1}"), 400, "BadRequest");
        assertThat(ok(server.send("PATCH", "/api/v1/pools/etl", "admin", "{\"slots\": 8}"))
                        .get("slots")
                        .asInt())
                .isEqualTo(8);
        assertThat(texts(ok(server.send("GET", "/api/v1/pools", "viewer", null)).get("pools"), "name"))
                .containsExactly("default_pool", "etl");
        assertThat(server.send("DELETE", "/api/v1/pools/etl", "admin", null).statusCode())
                .isEqualTo(204);
        assertProblem(server.send("GET", "/api/v1/pools/etl", "viewer", null), 404, "NotFound");
        assertProblem(server.send("DELETE", "/api/v1/pools/default_pool", "admin", null), 400, "BadRequest");

        JsonNode errors = ok(server.send("GET", "/api/v1/importErrors", "viewer", null));
        assertThat(errors.get("total_entries").asInt()).isPositive();
        assertThat(errors.at("/import_errors/0/filename").asText()).isEqualTo("dags/broken.yaml");
        long errorId = errors.at("/import_errors/0/import_error_id").asLong();
        assertThat(ok(server.send("GET", "/api/v1/importErrors/" + errorId, "viewer", null))
                        .get("stack_trace")
                        .asText())
                .contains("broken.yaml:");
        assertProblem(server.send("GET", "/api/v1/importErrors/99", "viewer", null), 404, "NotFound");

        HttpResponse<String> users = server.send("GET", "/api/v1/users", "viewer", null);
        assertThat(texts(ok(users).get("users"), "username")).containsExactly("admin", "op", "user", "viewer");
        assertThat(users.body()).doesNotContain("$2a$").doesNotContain("password");
        assertThat(ok(server.send("GET", "/api/v1/users/op", "viewer", null))
                        .at("/roles/0/name")
                        .asText())
                .isEqualTo("Op");
        assertProblem(server.send("GET", "/api/v1/users/nobody", "viewer", null), 404, "NotFound");
    }
}

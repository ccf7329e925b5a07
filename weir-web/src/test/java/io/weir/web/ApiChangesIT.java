package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.engine.scheduler.SchedulerListener;
import io.weir.store.TaskInstanceRecord;
import io.weir.store.XComRecord;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API's writes beyond triggering and clearing: deleting DAGs and runs, setting a run's or a task instance's
 * state, runs named by the caller, XCom entries with secrets masked, and import errors by a stable id.
 */
class ApiChangesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIRST_DATE = "2024-01-01T00:00:00Z";

    private WebTestServer server;
    private String runId;

    @BeforeEach
    void start() {
        server = WebTestServer.start(
                Map.of("hello.yaml", ApiIT.HELLO, "other.yaml", ApiIT.OTHER, "broken.yaml", ApiIT.BROKEN));
        runId = server.weir()
                .test("hello", Instant.parse(FIRST_DATE), SchedulerListener.NONE)
                .run()
                .runId();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonNode ok(HttpResponse<String> response) {
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
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.get(field).asText()));
        return values;
    }

    private String runPath() {
        return "/api/v1/dags/hello/dagRuns/" + runId;
    }

    @Test
    void aDagIsDeletedWithItsRunsByAnOperatorOnly() {
        assertProblem(server.send("DELETE", "/api/v1/dags/hello", null, null), 401, "Unauthenticated");
        assertProblem(server.send("DELETE", "/api/v1/dags/hello", "viewer", null), 403, "PermissionDenied");
        assertProblem(server.send("DELETE", "/api/v1/dags/nope", "op", null), 404, "NotFound");

        assertThat(server.send("DELETE", "/api/v1/dags/hello", "op", null).statusCode())
                .isEqualTo(204);

        assertProblem(server.send("GET", "/api/v1/dags/hello", "viewer", null), 404, "NotFound");
        assertThat(texts(ok(server.send("GET", "/api/v1/dags", "viewer", null)).get("dags"), "dag_id"))
                .containsExactly("other");
        List<TaskInstanceRecord> left = server.weir().store().inTransaction(session -> session.taskInstances()
                .forRun("hello", runId));
        assertThat(left).isEmpty();
        JsonNode audit = ok(server.send("GET", "/api/v1/eventLogs?event=delete&dag_id=hello", "viewer", null));
        assertThat(audit.at("/event_logs/0/owner").asText()).isEqualTo("op");
    }

    @Test
    void aRunIsSetToAStateAndDeleted() {
        String body = "{\"state\": \"failed\"}";
        assertProblem(server.send("PATCH", runPath(), null, body), 401, "Unauthenticated");
        assertProblem(server.send("PATCH", runPath(), "viewer", body), 403, "PermissionDenied");
        assertProblem(server.send("PATCH", runPath(), "op", "{\"state\": \"running\"}"), 400, "BadRequest");
        assertProblem(server.send("PATCH", "/api/v1/dags/hello/dagRuns/nope", "op", body), 404, "NotFound");

        JsonNode queued = ok(server.send("PATCH", runPath(), "op", "{\"state\": \"queued\"}"));
        assertThat(queued.get("state").asText()).isEqualTo("queued");
        JsonNode failed = ok(server.send("PATCH", runPath(), "user", body));
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("end_date").isNull()).isFalse();
        assertThat(ok(server.send("GET", runPath(), "viewer", null))
                        .get("state")
                        .asText())
                .isEqualTo("failed");
        JsonNode success = ok(server.send("PATCH", runPath(), "op", "{\"state\": \"success\"}"));
        assertThat(success.get("state").asText()).isEqualTo("success");
        assertThat(texts(
                        ok(server.send("GET", runPath() + "/taskInstances", "viewer", null))
                                .get("task_instances"),
                        "state"))
                .containsOnly("success");

        assertProblem(server.send("DELETE", runPath(), "viewer", null), 403, "PermissionDenied");
        assertThat(server.send("DELETE", runPath(), "op", null).statusCode()).isEqualTo(204);
        assertProblem(server.send("GET", runPath(), "viewer", null), 404, "NotFound");
        assertProblem(server.send("DELETE", runPath(), "op", null), 404, "NotFound");
        assertThat(ok(server.send("GET", "/api/v1/dags/hello/dagRuns", "viewer", null))
                        .get("total_entries")
                        .asInt())
                .isZero();
    }

    @Test
    void aTaskInstanceIsMarkedWithADryRunFirst() {
        String path = runPath() + "/taskInstances/second";
        String failed = "{\"new_state\": \"failed\"}";
        assertProblem(server.send("PATCH", path, "viewer", failed), 403, "PermissionDenied");
        assertProblem(server.send("PATCH", path, "op", "{\"new_state\": \"running\"}"), 400, "BadRequest");
        assertProblem(server.send("PATCH", runPath() + "/taskInstances/nope", "op", failed), 404, "NotFound");

        JsonNode preview = ok(server.send("PATCH", path, "op", "{\"dry_run\": true, \"new_state\": \"failed\"}"));
        assertThat(preview.get("task_id").asText()).isEqualTo("second");
        assertThat(preview.get("dag_run_id").asText()).isEqualTo(runId);
        assertThat(ok(server.send("GET", path, "viewer", null)).get("state").asText())
                .isEqualTo("success");

        JsonNode marked = ok(server.send("PATCH", path, "op", failed));
        assertThat(marked.get("execution_date").asText()).isEqualTo("2024-01-01T00:00:00+00:00");
        assertThat(ok(server.send("GET", path, "viewer", null)).get("state").asText())
                .isEqualTo("failed");
        assertThat(ok(server.send("GET", runPath() + "/taskInstances/third", "viewer", null))
                        .get("state")
                        .asText())
                .as("only the one task instance changes")
                .isEqualTo("success");
    }

    @Test
    void taskInstancesAreListedAcrossDagsAndRunsWithTheFiltersInTheBody() {
        String list = "/api/v1/dags/~/dagRuns/~/taskInstances/list";
        JsonNode some = ok(server.send(
                "POST", list, "viewer", "{\"dag_ids\": [\"hello\"], \"task_ids\": [\"first\", \"third\"]}"));
        assertThat(some.get("total_entries").asInt()).isEqualTo(2);
        assertThat(texts(some.get("task_instances"), "task_id")).containsExactly("first", "third");
        JsonNode paged = ok(server.send(
                "POST", list, "viewer", "{\"state\": [\"success\"], \"page_limit\": 1, \"order_by\": \"-task_id\"}"));
        assertThat(paged.get("total_entries").asInt()).isEqualTo(3);
        assertThat(texts(paged.get("task_instances"), "task_id")).containsExactly("third");
        assertThat(ok(server.send("POST", list, "viewer", "{\"dag_run_ids\": [\"nope\"]}"))
                        .get("total_entries")
                        .asInt())
                .isZero();
        assertProblem(server.send("POST", list, null, "{}"), 401, "Unauthenticated");
        assertProblem(server.send("POST", list, "viewer", "{\"order_by\": \"secret\"}"), 400, "BadRequest");
        assertProblem(server.send("POST", list, "viewer", "{\"dag_ids\": [\"nope\"]}"), 404, "NotFound");
    }

    @Test
    void aRunCanBeNamedByTheCaller() {
        String body = "{\"dag_run_id\": \"nightly-reload.1\", \"logical_date\": \"2024-03-01T00:00:00+00:00\"}";
        JsonNode run = ok(server.send("POST", "/api/v1/dags/other/dagRuns", "user", body));
        assertThat(run.get("dag_run_id").asText()).isEqualTo("nightly-reload.1");
        assertThat(ok(server.send("GET", "/api/v1/dags/other/dagRuns/nightly-reload.1", "viewer", null))
                        .get("logical_date")
                        .asText())
                .isEqualTo("2024-03-01T00:00:00+00:00");
        assertProblem(
                server.send("POST", "/api/v1/dags/other/dagRuns", "user", "{\"dag_run_id\": \"nightly-reload.1\"}"),
                409,
                "AlreadyExists");
        assertProblem(
                server.send("POST", "/api/v1/dags/other/dagRuns", "user", "{\"dag_run_id\": \"../../etc\"}"),
                400,
                "BadRequest");
        assertProblem(
                server.send("POST", "/api/v1/dags/other/dagRuns", "user", "{\"dag_run_id\": \"~\"}"),
                400,
                "BadRequest");
    }

    @Test
    void xcomEntriesAreListedAndReadWithSecretsMasked() {
        Instant now = Instant.parse("2024-01-02T00:00:00Z");
        server.weir().store().useTransaction(session -> {
            session.xcoms().put(new XComRecord("hello", runId, "first", "record_count", "42", now));
            session.xcoms()
                    .put(new XComRecord(
                            "hello",
                            runId,
                            "first",
                            "return_value",
                            "{\"rows\": 3, \"db_password\": \"hunter2-xyz\", \"nested\": [{\"api_token\": \"t0k3n\"}]}",
                            now));
            session.xcoms().put(new XComRecord("hello", runId, "second", "access_token", "\"abc-s3cret\"", now));
        });
        String first = runPath() + "/taskInstances/first/xcomEntries";
        assertProblem(server.send("GET", first, null, null), 401, "Unauthenticated");
        JsonNode entries = ok(server.send("GET", first, "viewer", null));
        assertThat(entries.get("total_entries").asInt()).isEqualTo(2);
        assertThat(texts(entries.get("xcom_entries"), "key")).containsExactly("record_count", "return_value");
        assertThat(entries.at("/xcom_entries/0/execution_date").asText()).isEqualTo("2024-01-01T00:00:00+00:00");
        assertThat(entries.at("/xcom_entries/0").has("value")).isFalse();

        assertThat(ok(server.send("GET", first + "/record_count", "viewer", null))
                        .get("value")
                        .asText())
                .isEqualTo("42");
        HttpResponse<String> result = server.send("GET", first + "/return_value", "viewer", null);
        assertThat(result.body()).doesNotContain("hunter2-xyz").doesNotContain("t0k3n");
        assertThat(ok(result).get("value").asText()).contains("\"rows\":3").contains("***");
        HttpResponse<String> token =
                server.send("GET", runPath() + "/taskInstances/second/xcomEntries/access_token", "viewer", null);
        assertThat(ok(token).get("value").asText()).isEqualTo("***");

        JsonNode everyTask =
                ok(server.send("GET", "/api/v1/dags/~/dagRuns/~/taskInstances/~/xcomEntries?limit=1", "viewer", null));
        assertThat(everyTask.get("total_entries").asInt()).isEqualTo(3);
        assertThat(everyTask.get("xcom_entries")).hasSize(1);
        assertThat(ok(server.send(
                                "GET",
                                "/api/v1/dags/~/dagRuns/~/taskInstances/~/xcomEntries?limit=1&offset=2",
                                "viewer",
                                null))
                        .at("/xcom_entries/0/key")
                        .asText())
                .isEqualTo("access_token");

        assertProblem(server.send("GET", first + "/nope", "viewer", null), 404, "NotFound");
        assertProblem(
                server.send("GET", "/api/v1/dags/hello/dagRuns/nope/taskInstances/first/xcomEntries", "viewer", null),
                404,
                "NotFound");
        assertProblem(server.send("GET", first + "?limit=0", "viewer", null), 400, "BadRequest");
    }

    @Test
    void importErrorsKeepTheirIdsWhenOtherFilesBreak() throws Exception {
        JsonNode before = ok(server.send("GET", "/api/v1/importErrors", "viewer", null));
        int broken = before.get("total_entries").asInt();
        assertThat(broken).isPositive();
        List<String> ids = texts(before.get("import_errors"), "import_error_id");

        // A second broken file sorts before the first; the first file's errors keep their ids.
        java.nio.file.Files.writeString(
                server.project().resolve("dags/aaa_broken.yaml"), "dag_id: aaa\ntasks: [not, a, map]\n");
        server.weir().dagBag().refresh();
        JsonNode after = ok(server.send("GET", "/api/v1/importErrors?order_by=filename", "viewer", null));
        assertThat(after.get("total_entries").asInt()).isGreaterThan(broken);
        assertThat(after.at("/import_errors/0/filename").asText()).isEqualTo("dags/aaa_broken.yaml");
        assertThat(texts(after.get("import_errors"), "import_error_id")).containsAll(ids);
        for (String id : ids) {
            assertThat(ok(server.send("GET", "/api/v1/importErrors/" + id, "viewer", null))
                            .get("filename")
                            .asText())
                    .isEqualTo("dags/broken.yaml");
        }
        assertProblem(server.send("GET", "/api/v1/importErrors/12", "viewer", null), 404, "NotFound");
        assertProblem(server.send("GET", "/api/v1/importErrors/x", "viewer", null), 400, "BadRequest");
    }
}

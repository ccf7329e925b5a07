package io.weir.extract.http;

import static io.weir.extract.testing.FixtureServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.extract.testing.FixtureServer;
import io.weir.extract.testing.FixtureServer.Answer;
import io.weir.extract.testing.RawWarehouse;
import io.weir.extract.testing.TaskTry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** extract.http against a local HTTP server serving recorded pages, once per warehouse. */
abstract class HttpExtractContract {
    @TempDir
    Path project;

    RawWarehouse warehouse;
    FixtureServer server;

    abstract RawWarehouse warehouse(Path project) throws Exception;

    @BeforeEach
    void start() throws Exception {
        warehouse = warehouse(project);
        server = new FixtureServer();
        Files.createDirectories(project.resolve("extract"));
    }

    @AfterEach
    void stop() {
        server.close();
        warehouse.drop();
    }

    private TaskTry task(String taskId, String source, Map<String, String> secrets) throws Exception {
        Files.writeString(project.resolve("extract/" + taskId + ".yaml"), source.replace("${URL}", server.url()));
        return new TaskTry(
                taskId,
                Map.of("source", "extract/" + taskId + ".yaml", "target_schema", warehouse.schema(taskId)),
                project,
                TaskTry.day("2024-05-01"),
                warehouse.environment(secrets));
    }

    private static TaskResult run(TaskTry task) {
        return new ExtractHttpTaskType().execute(task);
    }

    private String table(String source, String object) {
        return warehouse.raw(warehouse.schema(source), object);
    }

    @Test
    void pagesByPageNumberWithABearerTokenAndLandsTypedFieldsBesideTheRecord() throws Exception {
        server.on("/v1/employees", request -> {
            if (!"Bearer s3cret".equals(request.headers().get("authorization"))) {
                return Answer.status(401, "{\"error\":\"unauthorized\"}");
            }
            return Answer.json(fixture("employees_page" + request.query("page") + ".json"));
        });
        server.on("/v1/departments", request -> Answer.json("{\"data\": [{\"id\": 10, \"name\": \"Data\"}]}"));
        TaskTry task = task(
                "bamboohr",
                """
                base_url: ${URL}v1/
                auth: {type: bearer, token: BAMBOOHR_TOKEN}
                records: .data[]
                objects:
                  employees:
                    pagination: {type: page, size: 2}
                    fields: {id: bigint, name: text, hired_on: date, salary: double, active: boolean}
                    checks: {required_fields: [id, name], unique_key: [id]}
                  departments:
                    fields: {id: integer}
                """,
                Map.of("BAMBOOHR_TOKEN", "s3cret"));

        TaskResult result = run(task);

        String employees = table("bamboohr", "employees");
        assertThat(warehouse.rows("select id, name, hired_on, salary, active from " + employees + " order by id"))
                .containsExactly(
                        List.of("1", "Ana Lima", "2021-03-01", "81000.5", "true"),
                        List.of("2", "Ben Okafor", "2022-11-15", "72000.0", "true"),
                        List.of("3", "Chloé Martin", "2023-06-30", "null", "false"));
        assertThat(warehouse
                        .rows("select record from " + employees + " where id = 1")
                        .get(0)
                        .get(0))
                .contains("\"team\"")
                .contains("\"lead\"");
        assertThat(server.requests)
                .extracting(request -> request.uri().toString())
                .containsExactly(
                        "/v1/employees?page=1&per_page=2", "/v1/employees?page=2&per_page=2", "/v1/departments");
        assertThat(result.xcom())
                .isEqualTo(List.of(
                        Map.of("object", "employees", "table", employeesName(), "record_count", 3L),
                        Map.of("object", "departments", "table", departmentsName(), "record_count", 1L)));
        assertThat(task.lines)
                .anyMatch(line -> line.matches(
                        "Object employees: 3 rows into .*employees \\(replace\\) in [0-9.]+ s," + " [0-9,]+ rows/s"));
    }

    private String employeesName() {
        return rawDatabase() + warehouse.schema("bamboohr") + ".employees";
    }

    private String departmentsName() {
        return rawDatabase() + warehouse.schema("bamboohr") + ".departments";
    }

    /** How a LoadResult names the RAW database: DuckDB's attached raw, PostgreSQL's own database. */
    abstract String rawDatabase();

    @Test
    void pagesByOffsetWithAnApiKeyInTheQuery() throws Exception {
        List<String> names = List.of("a", "b", "c", "d", "e");
        server.on("/departments", request -> {
            if (!"k-123".equals(request.query("api_key"))) {
                return Answer.status(403, "forbidden");
            }
            int offset = Integer.parseInt(request.query("offset"));
            int limit = Integer.parseInt(request.query("limit"));
            List<String> page = names.subList(Math.min(offset, names.size()), Math.min(offset + limit, names.size()));
            StringBuilder body = new StringBuilder("{\"results\": [");
            for (int i = 0; i < page.size(); i++) {
                body.append(i == 0 ? "" : ",")
                        .append("{\"code\": \"")
                        .append(page.get(i))
                        .append("\"}");
            }
            return Answer.json(body.append("]}").toString());
        });
        TaskTry task = task(
                "hris",
                """
                base_url: ${URL}
                auth: {type: api_key, in: query, name: api_key, key: HRIS_KEY}
                objects:
                  departments:
                    records: $.results[*]
                    pagination: {type: offset, size: 2}
                    fields: {code: text}
                """,
                Map.of("HRIS_KEY", "k-123"));

        run(task);

        assertThat(warehouse.rows("select code from " + table("hris", "departments") + " order by code"))
                .extracting(row -> row.get(0))
                .containsExactly("a", "b", "c", "d", "e");
        assertThat(server.requests)
                .extracting(request -> request.query("offset"))
                .containsExactly("0", "2", "4");
        assertThat(task.logText()).doesNotContain("k-123");
    }

    @Test
    void followsACursorInTheBodyWithAnApiKeyHeader() throws Exception {
        server.on("/tickets", request -> {
            if (!"t0ken".equals(request.headers().get("x-api-key"))) {
                return Answer.status(401, "no key");
            }
            return Answer.json(fixture(request.query("cursor") == null ? "tickets_1.json" : "tickets_2.json"));
        });
        TaskTry task = task(
                "helpdesk",
                """
                base_url: ${URL}
                auth: {type: api_key, name: X-Api-Key, key: HELPDESK_KEY}
                objects:
                  tickets:
                    records: .tickets[]
                    pagination: {type: cursor, cursor_path: .paging.next_cursor, cursor_param: cursor}
                    fields: {id: text, created_at: timestamptz}
                """,
                Map.of("HELPDESK_KEY", "t0ken"));

        run(task);

        assertThat(warehouse.count(table("helpdesk", "tickets"))).isEqualTo(3);
        assertThat(server.requests)
                .extracting(request -> request.query("cursor"))
                .containsExactly(null, "c2");
        assertThat(warehouse.rows("select id from " + table("helpdesk", "tickets")
                        + " where created_at = timestamptz '2024-05-01 09:30:00+00'"))
                .containsExactly(List.of("T-2"));
    }

    @Test
    void followsLinkHeadersWithBasicAuth() throws Exception {
        String expected = "Basic " + Base64.getEncoder().encodeToString("ci:pw".getBytes(StandardCharsets.UTF_8));
        server.on("/repos/weir/commits", request -> {
            if (!expected.equals(request.headers().get("authorization"))) {
                return Answer.status(401, "");
            }
            if (request.query("page") == null) {
                return Answer.json(fixture("commits_1.json"))
                        .withHeader(
                                "Link",
                                "<" + server.url() + "repos/weir/commits?page=2>; rel=\"next\", <" + server.url()
                                        + "repos/weir/commits?page=2>; rel=\"last\"");
            }
            return Answer.json(fixture("commits_2.json"))
                    .withHeader("Link", "<" + server.url() + "repos/weir/commits>; rel=\"first\"");
        });
        TaskTry task = task(
                "forge",
                """
                base_url: ${URL}
                auth: {type: basic, username: FORGE_USER, password: FORGE_PASSWORD}
                objects:
                  commits:
                    path: repos/weir/commits
                    pagination: {type: link}
                    fields: {sha: text, additions: integer}
                """,
                Map.of("FORGE_USER", "ci", "FORGE_PASSWORD", "pw"));

        run(task);

        assertThat(warehouse.rows("select sha, additions from " + table("forge", "commits") + " order by sha"))
                .containsExactly(List.of("a1", "10"), List.of("b2", "3"), List.of("c3", "7"));
    }

    @Test
    void waitsOutA429ForItsRetryAfterAndRetriesA500() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.on("/employees", request -> switch (calls.incrementAndGet()) {
            case 1 -> Answer.status(429, "slow down").withHeader("Retry-After", "1");
            case 2 -> Answer.status(500, "oops");
            case 3 -> Answer.status(503, "");
            default -> Answer.json(fixture("employees_page2.json"));
        });
        TaskTry task = task(
                "flaky",
                """
                base_url: ${URL}
                retry: {attempts: 5, backoff_seconds: 0.05}
                objects:
                  employees: {records: .data, fields: {id: bigint}}
                """,
                Map.of());

        run(task);

        assertThat(warehouse.count(table("flaky", "employees"))).isEqualTo(1);
        assertThat(task.lines)
                .anyMatch(line -> line.contains("HTTP 429")
                        && line.contains("rate limited")
                        && line.contains("retrying in 1.0 s"))
                .anyMatch(line -> line.contains("HTTP 500: oops; attempt 2 of 5, retrying in 0.1 s"))
                .anyMatch(line -> line.contains("HTTP 503; attempt 3 of 5, retrying in 0.2 s"));
    }

    @Test
    void aServerThatKeepsFailingFailsTheTryAsRetryableAndKeepsTheTable() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.on(
                "/employees",
                request -> calls.incrementAndGet() == 1
                        ? Answer.json(fixture("employees_page1.json"))
                        : Answer.status(502, "bad gateway"));
        String source =
                """
                base_url: ${URL}
                retry: {attempts: 2, backoff_seconds: 0.01}
                objects:
                  employees: {records: .data, fields: {id: bigint}}
                """;
        run(task("down", source, Map.of()));

        assertThatThrownBy(() -> run(task("down", source, Map.of())))
                .isInstanceOf(TaskFailure.class)
                .hasMessageContaining("Object employees: GET " + server.url() + "employees answered HTTP 502: bad"
                        + " gateway 2 times")
                .hasMessageEndingWith(employeesTable("down") + " is unchanged")
                .satisfies(failure ->
                        assertThat(((TaskFailure) failure).retryable()).isTrue());
        assertThat(warehouse.count(table("down", "employees"))).isEqualTo(2);
    }

    /** How many tables of the source's schema start with {@code prefix}: the table and any staging leftover. */
    private long tablesLike(String source, String prefix) {
        return warehouse.count("information_schema.tables where table_schema = '" + warehouse.schema(source)
                + "' and table_name like '" + prefix + "%'");
    }

    private String employeesTable(String source) {
        return rawDatabase() + warehouse.schema(source) + ".employees";
    }

    private static String people(int count) {
        List<String> records = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            records.add("{\"id\": " + i + ", \"name\": \"person " + i + "\"}");
        }
        return "{\"data\": [" + String.join(",", records) + "]}";
    }

    private static final String PEOPLE =
            """
            base_url: ${URL}
            objects:
              employees:
                records: .data
                fields: {id: bigint, name: text}
                checks: {min_rows: 3}
            """;

    @Test
    void aShrunkenResponseFailsTheChangeCheckAndKeepsThePreviousTable() throws Exception {
        AtomicInteger size = new AtomicInteger(10);
        server.on("/employees", request -> Answer.json(people(size.get())));
        run(task("bamboohr", PEOPLE, Map.of()));
        size.set(7);

        assertThatThrownBy(() -> run(task("bamboohr", PEOPLE, Map.of())))
                .isInstanceOf(TaskFailure.class)
                .hasMessage(
                        "Object employees failed its checks: 7 records against 10 in the previous load, a change"
                                + " of 30.0 %, more than max_row_change_percent 25 %. " + employeesTable("bamboohr")
                                + " is unchanged. If the change is expected, set the variable BAMBOOHR_SKIP_TEST to employees"
                                + " (a comma-separated list of objects) to load it without the checks, and clear it afterwards");
        assertThat(warehouse.count(table("bamboohr", "employees"))).isEqualTo(10);
        assertThat(tablesLike("bamboohr", "employees")).isEqualTo(1);

        size.set(8);
        run(task("bamboohr", PEOPLE, Map.of()));
        assertThat(warehouse.count(table("bamboohr", "employees"))).isEqualTo(8);
    }

    @Test
    void theSkipVariableLoadsTheObjectAndTheLogSaysWhichVariableSkippedTheChecks() throws Exception {
        AtomicInteger size = new AtomicInteger(10);
        server.on("/employees", request -> Answer.json(people(size.get())));
        run(task("bamboohr", PEOPLE, Map.of()));
        size.set(2);

        TaskTry task = task("bamboohr", PEOPLE, Map.of()).withVariable("BAMBOOHR_SKIP_TEST", "departments, employees");
        run(task);

        assertThat(warehouse.count(table("bamboohr", "employees"))).isEqualTo(2);
        assertThat(task.lines)
                .contains("The variable BAMBOOHR_SKIP_TEST names departments, which extract/bamboohr.yaml does not"
                        + " have; it has employees")
                .contains("Object employees: checks skipped because the variable BAMBOOHR_SKIP_TEST lists it; they"
                        + " found: 2 records, fewer than min_rows 3; 2 records against 10 in the previous load, a"
                        + " change of 80.0 %, more than max_row_change_percent 25 %");
    }

    @Test
    void missingRequiredFieldsAndRepeatedKeysFailTheirChecks() throws Exception {
        server.on(
                "/people",
                request -> Answer.json("{\"data\": [{\"id\": 1, \"email\": \"a@x\"}, {\"id\": 2}, {\"id\": 2,"
                        + " \"email\": null}, {\"id\": 3, \"email\": \"c@x\"}]}"));

        assertThatThrownBy(() -> run(task(
                        "crm",
                        """
                        base_url: ${URL}
                        objects:
                          people:
                            records: .data
                            fields: {id: bigint}
                            checks: {required_fields: [id, email], unique_key: id}
                        """,
                        Map.of())))
                .isInstanceOf(TaskFailure.class)
                .hasMessageStartingWith("Object people failed its checks: required field email is missing or null in"
                        + " 2 records (the first is record 2); unique_key (id) repeats: id=2 (2 records). ");
        assertThat(tablesLike("crm", "people")).isZero();
    }

    private static final String MERGED =
            """
            base_url: ${URL}
            objects:
              employees:
                records: .data
                pagination: {type: page, size: 2}
                fields: {id: bigint, name: text}
                load: merge
                checks: {unique_key: [id], max_row_change_percent: 100}
            """;

    /** Answers page {@code page} (of two records) of {@code records}, each {@code id:name}. */
    private static Answer page(List<String> records, String page) {
        int from = (Integer.parseInt(page) - 1) * 2;
        List<String> json = new ArrayList<>();
        for (String record : records.subList(Math.min(from, records.size()), Math.min(from + 2, records.size()))) {
            String[] parts = record.split(":");
            json.add("{\"id\": " + parts[0] + ", \"name\": \"" + parts[1] + "\"}");
        }
        return Answer.json("{\"data\": [" + String.join(",", json) + "]}");
    }

    @Test
    void aMergedObjectReplacesRowsByItsUniqueKeyAndARerunOfTheSameRecordsChangesNothing() throws Exception {
        List<List<String>> served = new ArrayList<>(List.of(List.of("1:Ana", "2:Ben", "3:Chloé")));
        server.on("/employees", request -> page(served.get(0), request.query("page")));
        String employees = table("workday", "employees");
        String select = "select id, name from " + employees + " order by id";

        TaskTry first = task("workday", MERGED, Map.of());
        run(first);
        List<List<String>> loaded = warehouse.rows(select);
        run(task("workday", MERGED, Map.of()));

        assertThat(loaded).containsExactly(List.of("1", "Ana"), List.of("2", "Ben"), List.of("3", "Chloé"));
        assertThat(warehouse.rows(select)).isEqualTo(loaded);
        assertThat(first.lines)
                .anyMatch(line ->
                        line.startsWith("Object employees: 3 rows into ") && line.contains("employees (merge)"));

        served.set(0, List.of("2:Ben Okafor", "4:Dan"));
        TaskResult result = run(task("workday", MERGED, Map.of()));

        assertThat(warehouse.rows(select))
                .containsExactly(
                        List.of("1", "Ana"), List.of("2", "Ben Okafor"), List.of("3", "Chloé"), List.of("4", "Dan"));
        assertThat(result.xcom())
                .isEqualTo(Map.of("object", "employees", "table", employeesTable("workday"), "record_count", 2L));
    }

    @Test
    void aMergeRefusesRecordsThatRepeatOrLackTheKeyAndKeepsTheTable() throws Exception {
        List<List<String>> served = new ArrayList<>(List.of(List.of("1:Ana", "2:Ben")));
        server.on("/employees", request -> page(served.get(0), request.query("page")));
        run(task("workday", MERGED, Map.of()));
        served.set(0, List.of("1:Ann", "2:Bea", "1:Ana Lima", "null:Nobody"));

        assertThatThrownBy(() -> run(task("workday", MERGED, Map.of())))
                .isInstanceOf(TaskFailure.class)
                .hasMessageStartingWith("Object employees failed its checks: unique_key (id) repeats: ")
                .hasMessageContaining("1 records have no unique_key (id), so a merge could never match them. "
                        + employeesTable("workday") + " is unchanged.");
        assertThat(warehouse.rows("select id, name from " + table("workday", "employees") + " order by id"))
                .containsExactly(List.of("1", "Ana"), List.of("2", "Ben"));
    }

    @Test
    void aRecordWhoseFieldIsNotItsTypeFailsNamingObjectRecordAndField() throws Exception {
        server.on("/employees", request -> Answer.json(fixture("employees_page1.json")));
        String source =
                """
                base_url: ${URL}
                objects:
                  employees:
                    records: .data
                    fields: {id: bigint, hired_on: date}
                """;
        run(task("typed", source, Map.of()));
        server.on(
                "/v2/employees",
                request ->
                        Answer.json("{\"data\": [{\"id\": 1, \"hired_on\": \"2021-01-01\"}, {\"id\": 2, \"hired_on\":"
                                + " \"next week\"}]}"));

        assertThatThrownBy(() -> run(task("typed", source.replace("${URL}", "${URL}v2/"), Map.of())))
                .isInstanceOf(TaskFailure.class)
                .hasMessageStartingWith("Object employees of extract/typed.yaml, record 2 (page 1, " + server.url()
                        + "v2/employees): field hired_on is 'next week', not a date (YYYY-MM-DD); fix its type under"
                        + " 'fields'");
        assertThat(warehouse.count(table("typed", "employees"))).isEqualTo(2);
    }

    @Test
    void aRefusedTokenFailsAtOnceNamingTheSecret() throws Exception {
        server.on("/employees", request -> Answer.status(401, "{\"error\": \"invalid token\"}"));

        assertThatThrownBy(() -> run(task(
                        "bamboohr",
                        """
                        base_url: ${URL}
                        auth: {type: bearer, token: BAMBOOHR_TOKEN}
                        objects: {employees: {}}
                        """,
                        Map.of("BAMBOOHR_TOKEN", "wrong"))))
                .isInstanceOf(TaskFailure.class)
                .hasMessageContaining("answered HTTP 401: {\"error\": \"invalid token\"}; check the secret(s)"
                        + " BAMBOOHR_TOKEN named in the auth of extract/bamboohr.yaml")
                .satisfies(failure ->
                        assertThat(((TaskFailure) failure).retryable()).isFalse());
        assertThat(server.requests).hasSize(1);
    }
}

package io.weir.extract.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.extract.testing.FixtureServer;
import io.weir.extract.testing.FixtureServer.Answer;
import io.weir.extract.testing.RawWarehouse;
import io.weir.extract.testing.TaskTry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** extract.yaml from files and a local HTTP server, once per warehouse. */
abstract class YamlExtractContract {
    private static final String TEAM =
            """
            # The company's team page, as the handbook keeps it.
            company: Weir
            team:
              - slug: ana
                name: Ana Lima
                start_date: 2021-03-01
                departments: [data]
              - slug: ben
                name: Ben Okafor
                start_date: 2022-11-15
                departments: [platform, data]
                expertise: |
                  Kubernetes
                  PostgreSQL
            org:
              departments:
                - {id: 1, name: Data}
                - {id: 2, name: Platform}
            """;

    @TempDir
    Path project;

    RawWarehouse warehouse;

    abstract RawWarehouse warehouse(Path project) throws Exception;

    @BeforeEach
    void start() throws Exception {
        warehouse = warehouse(project);
        Files.createDirectories(project.resolve("extract"));
        Files.writeString(project.resolve("extract/team.yml"), TEAM);
    }

    @AfterEach
    void stop() {
        warehouse.drop();
    }

    private TaskTry task(Map<String, Object> params) {
        return task(params, Map.of());
    }

    private TaskTry task(Map<String, Object> params, Map<String, String> secrets) {
        Map<String, Object> all = new java.util.HashMap<>(params);
        all.put("target_schema", warehouse.schema("handbook"));
        return new TaskTry("team_yaml", all, project, TaskTry.day("2024-05-01"), warehouse.environment(secrets));
    }

    private static TaskResult run(TaskTry task) {
        return new ExtractYamlTaskType().execute(task);
    }

    private String table(String name) {
        return warehouse.raw(warehouse.schema("handbook"), name);
    }

    private static final Map<String, Object> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("team_members", Map.of("path", ".team[]", "fields", Map.of("slug", "text", "start_date", "date")));
        TABLES.put("departments", Map.of("path", ".org.departments", "fields", Map.of("id", "integer")));
    }

    @Test
    void landsEachListAsOneRowPerItemWithItsFieldsAndTheItemAsJson() {
        TaskTry task = task(Map.of("file", "extract/team.yml", "tables", TABLES));

        TaskResult result = run(task);

        assertThat(warehouse.rows("select slug, start_date from " + table("team_members") + " order by slug"))
                .containsExactly(List.of("ana", "2021-03-01"), List.of("ben", "2022-11-15"));
        assertThat(warehouse
                        .rows("select record from " + table("team_members") + " where slug = 'ben'")
                        .get(0)
                        .get(0))
                .contains("\"departments\"")
                .contains("Kubernetes\\nPostgreSQL");
        assertThat(warehouse.count(table("departments"))).isEqualTo(2);
        assertThat(result.xcom())
                .isEqualTo(List.of(
                        Map.of("table", table("team_members"), "record_count", 2L),
                        Map.of("table", table("departments"), "record_count", 2L)));
        assertThat(task.lines)
                .anyMatch(line -> line.matches(
                        "Table team_members: 2 rows into .*team_members in [0-9.]+ s, [0-9,]+" + " rows/s"));
    }

    @Test
    void readsTheDocumentFromAUrl() throws Exception {
        try (FixtureServer server = new FixtureServer()) {
            server.on("/handbook/team.yml", request -> Answer.json(TEAM));
            run(task(Map.of(
                    "url", server.url() + "handbook/team.yml", "tables", Map.of("team", Map.of("path", ".team")))));
        }

        assertThat(warehouse.count(table("team"))).isEqualTo(2);
    }

    @Test
    void authenticatesTheUrlWithDeclaredSecretsAndARefusedSecretIsOnePermanentMessage() throws Exception {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("handbook:pw".getBytes());
        try (FixtureServer server = new FixtureServer()) {
            server.on(
                    "/private/team.yml",
                    request -> "Bearer t0ken".equals(request.headers().get("authorization"))
                            ? Answer.json(TEAM)
                            : Answer.status(401, "who are you?"));
            server.on(
                    "/basic/team.yml",
                    request -> basic.equals(request.headers().get("authorization"))
                            ? Answer.json(TEAM)
                            : Answer.status(403, ""));
            server.on(
                    "/keyed/team.yml",
                    request -> "k1".equals(request.headers().get("x-handbook-key"))
                            ? Answer.json(TEAM)
                            : Answer.status(401, ""));
            Map<String, Object> tables = Map.of("team", Map.of("path", ".team"));
            Map<String, Object> bearer = Map.of(
                    "url",
                    server.url() + "private/team.yml",
                    "auth",
                    Map.of("type", "bearer", "token", "HANDBOOK_TOKEN"),
                    "tables",
                    tables);

            run(task(bearer, Map.of("HANDBOOK_TOKEN", "t0ken")));
            assertThat(warehouse.count(table("team"))).isEqualTo(2);
            run(task(
                    Map.of(
                            "url", server.url() + "basic/team.yml",
                            "auth", Map.of("type", "basic", "username", "HB_USER", "password", "HB_PASSWORD"),
                            "tables", Map.of("basic_team", Map.of("path", ".team"))),
                    Map.of("HB_USER", "handbook", "HB_PASSWORD", "pw")));
            assertThat(warehouse.count(table("basic_team"))).isEqualTo(2);
            run(task(
                    Map.of(
                            "url", server.url() + "keyed/team.yml",
                            "auth", Map.of("type", "api_key", "name", "X-Handbook-Key", "key", "HB_KEY"),
                            "tables", Map.of("keyed_team", Map.of("path", ".team"))),
                    Map.of("HB_KEY", "k1")));
            assertThat(warehouse.count(table("keyed_team"))).isEqualTo(2);

            assertThatThrownBy(() -> run(task(bearer, Map.of("HANDBOOK_TOKEN", "wrong"))))
                    .isInstanceOf(TaskFailure.class)
                    .hasMessage("GET " + server.url() + "private/team.yml answered HTTP 401; check the secret(s)"
                            + " HANDBOOK_TOKEN named in 'auth'; " + table("team") + " is unchanged")
                    .satisfies(failure ->
                            assertThat(((TaskFailure) failure).retryable()).isFalse());
            assertThatThrownBy(() -> run(task(bearer, Map.of())))
                    .isInstanceOf(TaskFailure.class)
                    .hasMessageStartingWith("'auth' names the secret(s) HANDBOOK_TOKEN, which the task does not have;");
        }
        assertThat(warehouse.count(table("team"))).isEqualTo(2);
    }

    @Test
    void aBrokenDocumentNamesItsLineAndLeavesTheTableAsItWas() throws Exception {
        run(task(Map.of("file", "extract/team.yml", "tables", TABLES)));
        Files.writeString(project.resolve("extract/team.yml"), TEAM.replace("  - slug: ben", "  - slug: ben: x"));

        assertThatThrownBy(() -> run(task(Map.of("file", "extract/team.yml", "tables", TABLES))))
                .isInstanceOf(TaskFailure.class)
                .hasMessage("extract/team.yml:8: not valid YAML: mapping values are not allowed here; "
                        + table("team_members") + " is unchanged");
        assertThat(warehouse.count(table("team_members"))).isEqualTo(2);
    }

    @Test
    void aMissingListOrAFieldOfTheWrongTypeIsOneMessage() {
        assertThatThrownBy(() -> run(task(
                        Map.of("file", "extract/team.yml", "tables", Map.of("people", Map.of("path", ".staff[]"))))))
                .hasMessageStartingWith(
                        "extract/team.yml has no value at '.staff[]' for table people; check its" + " 'path'");
        assertThatThrownBy(() -> run(task(Map.of(
                        "file",
                        "extract/team.yml",
                        "tables",
                        Map.of("team", Map.of("path", ".team[]", "fields", Map.of("name", "date")))))))
                .hasMessageStartingWith("extract/team.yml, item 1 of '.team[]' (table team): field name is 'Ana"
                        + " Lima', not a date (YYYY-MM-DD); fix its type under 'fields'");
    }

    @Test
    void validationNamesEveryMistake() {
        assertThat(new ExtractYamlTaskType()
                        .validate(Map.of(
                                "tables",
                                Map.of("Team", Map.of("path", ".team[0]", "fields", Map.of("slug", "txt"), "pth", 1)))))
                .containsExactlyInAnyOrder(
                        "give the document as either 'file' (a path relative to the project) or 'url' (http or"
                                + " https), not neither",
                        "table name 'Team' must be lower case letters, digits and _",
                        "table Team has the unknown key 'pth'; it takes path and fields",
                        "table Team: '.team[0]' is not a path Weir reads: write keys after dots, such as .data or"
                                + " .a.b, with [] at the end for a list (.releases[]); a key with other characters"
                                + " goes in double quotes (.\"first-name\")",
                        "field slug of table Team has the type 'txt', which is not one of text, bigint, integer,"
                                + " double, decimal, boolean, date, timestamp, timestamptz, json");
    }

    @Test
    void validationChecksTheAuth() {
        assertThat(new ExtractYamlTaskType()
                        .validate(Map.of(
                                "file",
                                "extract/team.yml",
                                "auth",
                                Map.of("type", "bearer", "tokn", "T"),
                                "tables",
                                Map.of("team", Map.of()))))
                .containsExactly(
                        "'auth' has the unknown key(s) tokn; it takes in, key, name, password, token, type, username",
                        "'auth' needs 'token': the name of the declared secret that holds it",
                        "'auth' authenticates the request for a 'url'; a 'file' needs none");
    }
}

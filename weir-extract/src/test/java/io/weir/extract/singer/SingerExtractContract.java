package io.weir.extract.singer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.extract.testing.RawWarehouse;
import io.weir.extract.testing.TaskTry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** extract.singer with small python3 taps written for the tests, once per warehouse. */
abstract class SingerExtractContract {
    /**
     * A tap of two streams: users (keyed by id) from the bookmark of its state on, and an append-only stream of
     * events. It prints its config's token and the state it got on stderr, and with DIE set dies after the state of
     * user 2.
     */
    private static final String TAP =
            """
            import json, os, sys
            args = sys.argv[1:]
            config = json.load(open(args[args.index('--config') + 1]))
            state = json.load(open(args[args.index('--state') + 1])) if '--state' in args else {}
            print('token ' + config['token'] + ', state ' + json.dumps(state), file=sys.stderr)
            def out(message):
                print(json.dumps(message), flush=True)
            out({'type': 'SCHEMA', 'stream': 'users', 'key_properties': ['id'], 'schema': {'properties': {
                'id': {'type': 'integer'}, 'name': {'type': ['null', 'string']},
                'updated_at': {'type': 'string', 'format': 'date-time'}, 'tags': {'type': 'array'}}}})
            out({'type': 'SCHEMA', 'stream': 'page-views', 'key_properties': [], 'schema': {'properties': {
                'path': {'type': 'string'}, 'ms': {'type': 'number'}}}})
            users = json.load(open('users.json'))
            for user in users:
                if isinstance(user['id'], int) and user['id'] <= state.get('bookmark', 0):
                    continue
                out({'type': 'RECORD', 'stream': 'users', 'record': user})
                out({'type': 'RECORD', 'stream': 'page-views', 'record': {'path': '/u/%s' % user['id'], 'ms': 1.5}})
                out({'type': 'STATE', 'value': {'bookmark': user['id']}})
                if os.environ.get('DIE') and user['id'] == 2:
                    out({'type': 'RECORD', 'stream': 'users', 'record': {'id': 99, 'name': 'lost', 'updated_at': '2024-05-01T00:00:00Z'}})
                    print('connection reset by peer', file=sys.stderr)
                    sys.exit(3)
            """;

    @TempDir
    Path project;

    RawWarehouse warehouse;

    abstract RawWarehouse warehouse(Path project) throws Exception;

    @BeforeEach
    void writeTap() throws Exception {
        warehouse = warehouse(project);
        Files.createDirectories(project.resolve("taps"));
        Files.writeString(project.resolve("taps/tap_hr.py"), TAP);
        Files.writeString(project.resolve("taps/config.json"), "{\"token\": \"${HR_TOKEN}\"}");
        users(
                """
                [{"id": 1, "name": "Ana", "updated_at": "2024-05-01T10:00:00Z", "tags": ["data"]},
                 {"id": 2, "name": "Ben", "updated_at": "2024-05-01T11:00:00+02:00", "tags": []},
                 {"id": 3, "name": null, "updated_at": "2024-05-01T12:00:00Z", "tags": null}]
                """);
    }

    @AfterEach
    void drop() {
        warehouse.drop();
    }

    private void users(String json) throws Exception {
        Files.writeString(project.resolve("users.json"), json);
    }

    private TaskTry task(Map<String, String> environment, Map<String, Object> extra) {
        Map<String, Object> params = new HashMap<>(extra);
        params.put("command", List.of("python3", "taps/tap_hr.py"));
        params.put("config", "taps/config.json");
        params.put("target_schema", warehouse.schema("tap_hr"));
        params.put("commit_every", 1);
        Map<String, String> all = new HashMap<>(environment);
        all.put("HR_TOKEN", "t-123");
        return new TaskTry("hr", params, project, TaskTry.day("2024-05-01"), warehouse.environment(all));
    }

    private static TaskResult run(TaskTry task) {
        return new ExtractSingerTaskType().execute(task);
    }

    private String table(String name) {
        return warehouse.raw(warehouse.schema("tap_hr"), name);
    }

    @Test
    void loadsEachStreamWithItsSchemasTypesAndKeepsTheLastState() {
        TaskTry task = task(Map.of(), Map.of());

        TaskResult result = run(task);

        assertThat(warehouse.rows("select id, name, updated_at = timestamptz '2024-05-01 09:00:00+00' from "
                        + table("users") + " order by id"))
                .containsExactly(
                        List.of("1", "Ana", "false"), List.of("2", "Ben", "true"), List.of("3", "null", "false"));
        assertThat(warehouse.count(table("page_views"))).isEqualTo(3);
        assertThat(task.savedState()).contains("{\"bookmark\":3}");
        assertThat(result.xcom())
                .isEqualTo(List.of(
                        Map.of("stream", "users", "table", table("users"), "record_count", 3L),
                        Map.of("stream", "page-views", "table", table("page_views"), "record_count", 3L)));
        assertThat(task.lines)
                .contains("tap: token t-123, state {}")
                .anyMatch(line -> line.matches(
                        "Stream users: 3 rows into .*users \\(merge\\) in [0-9.]+ s, [0-9,]+" + " rows/s"));
    }

    @Test
    void theNextRunGetsTheStateBackAndMergesOnTheKeyProperties() throws Exception {
        TaskTry first = task(Map.of(), Map.of());
        run(first);
        users(
                """
                [{"id": 3, "name": "Chloé", "updated_at": "2024-05-02T12:00:00Z", "tags": null},
                 {"id": 4, "name": "Dev", "updated_at": "2024-05-02T13:00:00Z", "tags": null}]
                """);

        TaskTry second = first.next();
        run(second);

        assertThat(second.lines).contains("tap: token t-123, state {\"bookmark\": 3}");
        assertThat(warehouse.rows("select id, name from " + table("users") + " order by id"))
                .containsExactly(List.of("1", "Ana"), List.of("2", "Ben"), List.of("3", "null"), List.of("4", "Dev"));
        assertThat(second.savedState()).contains("{\"bookmark\":4}");
    }

    @Test
    void aTapThatDiesMidStreamFailsTheTryAndKeepsOnlyWhatItsStateCovers() {
        TaskTry dying = task(Map.of("DIE", "yes"), Map.of());

        assertThatThrownBy(() -> run(dying))
                .isInstanceOf(TaskFailure.class)
                .hasMessage("The tap python3 taps/tap_hr.py exited with status 3; its 1 records after the last"
                        + " committed STATE were not loaded (they come again on the next run), and the kept state is"
                        + " that of the last commit (see the tap's stderr above)")
                .satisfies(failure ->
                        assertThat(((TaskFailure) failure).retryable()).isTrue());
        assertThat(dying.savedState()).contains("{\"bookmark\":2}");
        assertThat(dying.lines).contains("tap: connection reset by peer");
        assertThat(warehouse.rows("select id from " + table("users") + " order by id"))
                .containsExactly(List.of("1"), List.of("2"));

        TaskTry retry = task(Map.of(), Map.of()).next();
        retry.saveState(dying.savedState().orElseThrow());
        run(retry);

        assertThat(warehouse.rows("select id from " + table("users") + " order by id"))
                .containsExactly(List.of("1"), List.of("2"), List.of("3"));
        assertThat(warehouse.count(table("page_views"))).isEqualTo(3);
    }

    @Test
    void outputThatIsNoSingerMessageNamesItsLine() throws Exception {
        Files.writeString(
                project.resolve("taps/bad_tap.sh"),
                """
                echo '{"type": "SCHEMA", "stream": "s", "key_properties": [], "schema": {"properties": {"n": {"type": "integer"}}}}'
                echo '{"type": "RECORD", "stream": "s", "record": {"n": 1}}'
                echo 'Traceback (most recent call last):'
                """);
        Map<String, Object> params = new HashMap<>();
        params.put("command", List.of("sh", "taps/bad_tap.sh"));
        params.put("target_schema", warehouse.schema("tap_hr"));

        assertThatThrownBy(() -> run(new TaskTry(
                        "bad", params, project, TaskTry.day("2024-05-01"), warehouse.environment(Map.of()))))
                .isInstanceOf(TaskFailure.class)
                .hasMessageStartingWith("The tap sh taps/bad_tap.sh: line 3 of its output is not JSON (")
                .hasMessageEndingWith("): Traceback (most recent call last):; the records after the last committed"
                        + " STATE were not loaded");
        assertThat(warehouse.count(
                        "information_schema.tables where table_schema = '" + warehouse.schema("tap_hr") + "'"))
                .isZero();
    }

    @Test
    void aRecordThatIsNotItsSchemasTypeNamesStreamLineAndProperty() throws Exception {
        users("[{\"id\": \"one\", \"name\": \"Ana\", \"updated_at\": \"2024-05-01T10:00:00Z\", \"tags\": []}]");

        assertThatThrownBy(() -> run(task(Map.of(), Map.of())))
                .isInstanceOf(TaskFailure.class)
                .hasMessageStartingWith("Tap python3 taps/tap_hr.py, line 3 (a RECORD of stream users): property id is"
                        + " 'one', not a whole number, which its SCHEMA says it is");
    }

    @Test
    void aConfigNamingAnUndeclaredSecretIsRefused() throws Exception {
        Files.writeString(project.resolve("taps/config.json"), "{\"token\": \"${HR_TOKN}\"}");

        assertThatThrownBy(() -> run(task(Map.of(), Map.of())))
                .isInstanceOf(TaskFailure.class)
                .hasMessageStartingWith("The tap config taps/config.json names ${HR_TOKN}, which the task does not"
                        + " have; declare it in the task's 'secrets'");
    }
}

package io.weir.core.dag;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DagParserTest {
    private static final Path PROJECT = projectDir();
    private final DagParser parser = new DagParser(TestTaskTypes.registry());

    @Test
    void parsesTheIssueExample() throws Exception {
        Path file = Path.of("dags/valid/gitlab_db_extract.yaml");
        Dag dag = parse(file.toString());

        assertThat(dag.dagId()).isEqualTo("gitlab_db_extract");
        assertThat(dag.file()).isEqualTo(file);
        assertThat(dag.description()).isEqualTo("Extract gitlab.com tables");
        assertThat(dag.timetable().expression()).isEqualTo("0 */6 * * *");
        assertThat(dag.startDate()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(dag.endDate()).isNull();
        assertThat(dag.catchup()).isTrue();
        assertThat(dag.maxActiveRuns()).isEqualTo(1);
        assertThat(dag.maxActiveTasks()).isEqualTo(16);
        assertThat(dag.timezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(dag.tags()).containsExactly("extract");
        assertThat(dag.secrets()).containsExactly("GITLAB_DB_PASS");
        assertThat(dag.tasks().keySet()).containsExactly("users", "merge_requests", "report");
        byte[] bytes = Files.readAllBytes(PROJECT.resolve(file));
        assertThat(dag.fingerprint())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));

        TaskSpec users = dag.task("users");
        assertThat(users.type()).isEqualTo("command");
        assertThat(users.line()).isEqualTo(14);
        assertThat(users.upstream()).isEmpty();
        assertThat(users.params()).containsExactly(Map.entry("command", "echo extracting users for {{ ds }}"));
        assertThat(users.retries()).isEqualTo(2);
        assertThat(users.retryDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(users.retryExponentialBackoff()).isFalse();
        assertThat(users.maxRetryDelay()).isEqualTo(Duration.ofHours(1));
        assertThat(users.executionTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(users.triggerRule()).isEqualTo(TriggerRule.ALL_SUCCESS);
        assertThat(users.pool()).isEqualTo("default_pool");
        assertThat(users.poolSlots()).isEqualTo(1);
        assertThat(users.priorityWeight()).isEqualTo(1);
        assertThat(users.secrets()).isEmpty();

        TaskSpec mergeRequests = dag.task("merge_requests");
        assertThat(mergeRequests.params()).containsEntry("env", Map.of("TARGET", "raw"));
        assertThat(mergeRequests.secrets()).containsExactly("GITLAB_DB_PASS");

        TaskSpec report = dag.task("report");
        assertThat(report.upstream()).containsExactly("users", "merge_requests");
        assertThat(report.triggerRule()).isEqualTo(TriggerRule.ALL_DONE);
        assertThat(dag.leaves()).containsExactly("report");
    }

    @Test
    void appliesWeirDefaultsAndTakesTheDagIdFromTheFileName() {
        Dag dag = parse("dags/valid/minimal.yml");
        assertThat(dag.dagId()).isEqualTo("minimal");
        assertThat(dag.timetable()).isNull();
        assertThat(dag.startDate()).isNull();
        assertThat(dag.catchup()).isTrue();
        assertThat(dag.maxActiveRuns()).isEqualTo(16);
        assertThat(dag.maxActiveTasks()).isEqualTo(16);
        assertThat(dag.timezone()).isEqualTo(ZoneId.of("UTC"));
        TaskSpec only = dag.task("only");
        assertThat(only.retries()).isZero();
        assertThat(only.retryDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(only.maxRetryDelay()).isNull();
        assertThat(only.executionTimeout()).isNull();
        assertThat(only.triggerRule()).isEqualTo(TriggerRule.ALL_SUCCESS);
        assertThat(only.dependsOnPast()).isFalse();
        assertThat(only.params()).isEmpty();
    }

    @Test
    void readsTimezonesAliasesDefaultsAndMergeKeys() {
        Dag dag = parse("dags/valid/amsterdam_daily.yaml");
        assertThat(dag.dagId()).isEqualTo("amsterdam.daily-report");
        assertThat(dag.timetable().expression()).isEqualTo("@daily");
        assertThat(dag.timezone()).isEqualTo(ZoneId.of("Europe/Amsterdam"));
        // a bare date is midnight in the DAG's timezone
        assertThat(dag.startDate()).isEqualTo(Instant.parse("2024-02-29T23:00:00Z"));
        assertThat(dag.catchup()).isFalse();
        assertThat(dag.params())
                .containsEntry("region", "eu")
                .containsEntry("limits", Map.of("rows", 1000))
                .containsEntry("flags", List.of("a", "b"));

        TaskSpec extract = dag.task("extract");
        assertThat(extract.params()).containsEntry("command", List.of("./extract.sh", "{{ ds }}"));
        assertThat(extract.params()).containsEntry("cwd", "scripts");
        assertThat(extract.waitForDownstream()).isTrue();
        assertThat(extract.dependsOnPast()).isTrue();
        assertThat(extract.priorityWeight()).isEqualTo(5);
        assertThat(extract.executionTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(extract.retries()).isEqualTo(1);
        assertThat(extract.retryDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(extract.pool()).isEqualTo("warehouse");
        assertThat(extract.owner()).as("from default_args").isEqualTo("data-team");

        TaskSpec load = dag.task("load");
        assertThat(load.upstream()).containsExactly("extract");
        assertThat(load.retries()).isZero();
        assertThat(load.retryExponentialBackoff()).isTrue();
        assertThat(load.poolSlots()).isEqualTo(2);
        assertThat(load.owner()).isEqualTo("loaders");

        TaskSpec done = dag.task("done");
        assertThat(done.triggerRule()).isEqualTo(TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS);
        assertThat(done.pool()).isEqualTo("default_pool");
        assertThat(done.retries()).isEqualTo(1);
        assertThat(done.owner()).as("merged from the defaults' anchor").isEqualTo("data-team");
    }

    @Test
    void reportsYamlSyntaxErrorsAtTheirPosition() {
        DagFileError error = single("dags/errors/syntax.yaml");
        assertThat(error.file()).isEqualTo(Path.of("dags/errors/syntax.yaml"));
        assertThat(error.line()).isEqualTo(5);
        assertThat(error.message()).startsWith("The file is not valid YAML").contains("indentation");

        DagFileError preset = single("dags/errors/unquoted_preset.yaml");
        assertThat(preset.line()).isEqualTo(1);
        assertThat(preset.column()).isEqualTo(11);
        assertThat(preset.message()).contains("'@'").contains("schedule: \"@daily\"");
    }

    @Test
    void reportsAFileThatIsNotAMapping() {
        DagFileError error = single("dags/errors/not_mapping.yaml");
        assertThat(error.line()).isEqualTo(1);
        assertThat(error.message()).contains("must be a mapping of DAG keys").contains("not a list");
    }

    @Test
    void reportsUnknownKeysWithTheClosestAllowedOne() {
        List<DagFileError> errors = errors("dags/errors/unknown_key.yaml");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).line()).isEqualTo(2);
        assertThat(errors.get(0).column()).isEqualTo(1);
        assertThat(errors.get(0).message())
                .contains("Unknown key 'schedul' in the DAG file; did you mean 'schedule'?")
                .contains("Allowed keys: catchup, dag_id, default_args");
        assertThat(errors.get(1).line()).isEqualTo(7);
        assertThat(errors.get(1).column()).isEqualTo(5);
        assertThat(errors.get(1).message())
                .contains("Unknown key 'retires' in task 'load' of type command; did you mean 'retries'?")
                .contains("command, cwd, depends_on_past, doc, env");
    }

    @Test
    void reportsValuesOfTheWrongKind() {
        List<DagFileError> errors = errors("dags/errors/wrong_type.yaml");
        assertThat(errors)
                .extracting(DagFileError::line, DagFileError::message)
                .containsExactly(
                        tuple(2, "'catchup' in DAG 'wrong_type' must be true or false, not 'sometimes'"),
                        tuple(3, "'max_active_runs' in DAG 'wrong_type' must be at least 1, not 0"),
                        tuple(4, "'tags' in DAG 'wrong_type' must be a name or a list of names, not a mapping"),
                        tuple(9, "'retries' in task 'load' must be a whole number, not 'many'"),
                        tuple(10, "'depends_on_past' in task 'load' must be true or false, not a list"));
        assertThat(errors.get(3).column()).isEqualTo(14);
    }

    @Test
    void reportsUnknownTaskTypesListingTheKnownOnes() {
        DagFileError error = single("dags/errors/unknown_type.yaml");
        assertThat(error.line()).isEqualTo(4);
        assertThat(error.column()).isEqualTo(11);
        assertThat(error.message())
                .isEqualTo(
                        "Task 'load' has unknown type 'comand'; did you mean 'command'? Known types: command, empty");
    }

    @Test
    void reportsUnknownUpstreamIds() {
        DagFileError error = single("dags/errors/unknown_after.yaml");
        assertThat(error.line()).isEqualTo(7);
        assertThat(error.column()).isEqualTo(13);
        assertThat(error.message())
                .isEqualTo("Task 'report' is after 'userz', which is not a task of DAG 'unknown_after'; did you mean"
                        + " 'users'? Fix the name or add that task");
    }

    @Test
    void reportsDuplicateTaskIdsAndKeys() {
        DagFileError task = single("dags/errors/duplicate_task.yaml");
        assertThat(task.line()).isEqualTo(5);
        assertThat(task.message())
                .isEqualTo("'load' appears twice in the tasks of DAG 'duplicate_task' (first at line 3); remove or"
                        + " rename one");
        DagFileError key = single("dags/errors/duplicate_key.yaml");
        assertThat(key.line()).isEqualTo(6);
        assertThat(key.message())
                .isEqualTo("'command' appears twice in task 'load' (first at line 5); remove or rename one");
    }

    @Test
    void reportsEveryCycleNamingItsTasks() {
        List<DagFileError> errors = errors("dags/errors/cycle.yaml");
        assertThat(errors).extracting(DagFileError::line).containsExactly(5, 14);
        assertThat(errors.get(0).message())
                .isEqualTo("Tasks of DAG 'cycle' form a cycle: a -> b -> c -> a; remove one of these 'after' entries");
        assertThat(errors.get(1).message()).contains("form a cycle: self -> self");
    }

    @Test
    void reportsBadSchedulesDurationsDatesAndTimezones() {
        DagFileError cron = single("dags/errors/bad_cron.yaml");
        assertThat(cron.line()).isEqualTo(2);
        assertThat(cron.message()).contains("'61 * * * *'").contains("Value 61 not in range [0, 59]");

        List<DagFileError> durations = errors("dags/errors/bad_duration.yaml");
        assertThat(durations).extracting(DagFileError::line).containsExactly(3, 7);
        assertThat(durations.get(0).message())
                .startsWith("'retry_delay' in default_args of DAG 'bad_duration': '5 minutes' is not a duration;")
                .contains("1h30m");
        assertThat(durations.get(1).message()).startsWith("'execution_timeout' in task 'a': 'soon' is not a duration");

        DagFileError date = single("dags/errors/bad_date.yaml");
        assertThat(date.line()).isEqualTo(3);
        assertThat(date.message()).startsWith("'start_date' of DAG 'bad_date': '2024-13-01' is not a date");

        DagFileError zone = single("dags/errors/bad_timezone.yaml");
        assertThat(zone.line()).isEqualTo(2);
        assertThat(zone.message()).contains("'Mars/Olympus_Mons'").contains("Europe/Amsterdam");
    }

    @Test
    void reportsSecretsTheDagDoesNotDeclare() {
        DagFileError error = single("dags/errors/undeclared_secret.yaml");
        assertThat(error.line()).isEqualTo(7);
        assertThat(error.column()).isEqualTo(28);
        assertThat(error.message())
                .isEqualTo("Secret 'API_TOKEN' of task 'load' is not declared by DAG 'undeclared_secret'; add it to"
                        + " the DAG's 'secrets:' list");
    }

    @Test
    void reportsUnknownTriggerRules() {
        DagFileError error = single("dags/errors/unknown_trigger_rule.yaml");
        assertThat(error.line()).isEqualTo(7);
        assertThat(error.message())
                .startsWith("Trigger rule 'all_sucess' of task 'b' is unknown; did you mean 'all_success'?")
                .contains("none_failed_min_one_success");
    }

    @Test
    void requiresAStartDateWithASchedule() {
        DagFileError error = single("dags/errors/missing_start_date.yaml");
        assertThat(error.line()).isEqualTo(2);
        assertThat(error.message()).contains("has a schedule but no start_date");
    }

    @Test
    void reportsWhatTheTaskTypeFindsAtTheTaskLine() {
        DagFileError error = single("dags/errors/type_validation.yaml");
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.message()).isEqualTo("Task 'load': 'command' is missing; set the command to run");
    }

    @Test
    void collectsEveryErrorOfAFileInLineOrder() {
        List<DagFileError> errors = errors("dags/errors/many_errors.yaml");
        assertThat(errors).extracting(DagFileError::line).containsExactly(1, 2, 3, 6, 9, 10);
        assertThat(errors.get(0).message()).contains("dag_id 'many errors' may only contain");
        assertThat(errors.get(1).message()).contains("not a known preset");
        assertThat(errors.get(2).message()).contains("Timezone 'Nowhere/City'");
        assertThat(errors.get(3).message()).contains("unknown type 'nope'");
        assertThat(errors.get(4).message()).contains("'ghost', which is not a task");
        assertThat(errors.get(5).message()).contains("'retries' in task 'b' must be at least 0, not -1");
    }

    @Test
    void rejectsEmptyFilesSeveralDocumentsAndNonUtf8() {
        assertThat(inline("").get(0).message()).contains("The file is empty");
        assertThat(inline("# only a comment\n").get(0).message()).contains("The file is empty");
        DagFileError twoDocuments = inline("tasks: {a: {type: empty}}\n---\ntasks: {b: {type: empty}}\n")
                .get(0);
        assertThat(twoDocuments.line()).isEqualTo(3);
        assertThat(twoDocuments.message()).contains("holds one DAG");
        List<DagFileError> latin1 = parser.parse(Path.of("dags/x.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9})
                .errors();
        assertThat(latin1.get(0).message()).contains("not UTF-8");
    }

    @Test
    void checksDagLevelRules() {
        assertThat(inline("tasks: {}\n").get(0).message()).contains("has no tasks");
        assertThat(inline("description: x\n").get(0).message()).contains("has no tasks");
        assertThat(inline("schedule: '@daily'\nschedule_interval: '@hourly'\nstart_date: 2024-01-01\n"
                                + "tasks: {a: {type: empty}}\n")
                        .get(0))
                .extracting(DagFileError::line, DagFileError::message)
                .containsExactly(2, "DAG 'inline' sets both 'schedule' and 'schedule_interval'; keep only 'schedule'");
        assertThat(inline("start_date: 2024-02-01\nend_date: 2024-01-01\ntasks: {a: {type: empty}}\n")
                        .get(0)
                        .message())
                .contains("end_date of DAG 'inline' is before its start_date");
        assertThat(inline("secrets: [my-pass]\ntasks: {a: {type: empty}}\n")
                        .get(0)
                        .message())
                .contains("not a valid environment variable name");
        assertThat(inline("tasks: {a: {type: empty, pool_slots: 0}}\n").get(0).message())
                .contains("'pool_slots' in task 'a' must be at least 1");
        assertThat(inline("tasks: {a: {after: b}}\n").get(0).message())
                .isEqualTo("Task 'a' has no type; add 'type:' with one of: command, empty");
        assertThat(inline("tasks: {a: empty}\n").get(0).message())
                .contains("Task 'a' must be a mapping of keys such as type and after");
        assertThat(inline("default_args: {email: x@y.z}\ntasks: {a: {type: empty}}\n")
                        .get(0)
                        .message())
                .startsWith("Unknown key 'email' in default_args of DAG 'inline'; allowed keys:");
    }

    @Test
    void acceptsDateTimesWithAndWithoutOffsetAndATimestampLikeDagId() {
        Dag dag = parse("dag_id: '2024'\nschedule: '@daily'\nstart_date: 2024-01-01T06:00:00+01:00\n"
                + "end_date: 2024-02-01T00:00:00\ntimezone: America/New_York\ntasks: {a: {type: empty}}\n");
        assertThat(dag.dagId()).isEqualTo("2024");
        assertThat(dag.startDate()).isEqualTo(Instant.parse("2024-01-01T05:00:00Z"));
        assertThat(dag.endDate()).isEqualTo(Instant.parse("2024-02-01T05:00:00Z"));
    }

    @Test
    void dropsNullTypeKeysAndKeepsParameterValueTypes() {
        Dag dag = parse("tasks:\n  a:\n    type: command\n    command: [run, 1, 2.5, true, null]\n    cwd: null\n");
        assertThat(dag.task("a").params()).containsOnlyKeys("command");
        assertThat(dag.task("a").params().get("command")).isEqualTo(Arrays.asList("run", 1, 2.5, true, null));
    }

    private Dag parse(String relativeFileOrContent) {
        DagParseResult result = relativeFileOrContent.startsWith("dags/")
                ? parser.parse(PROJECT, Path.of(relativeFileOrContent))
                : parser.parse(Path.of("dags/inline.yaml"), relativeFileOrContent.getBytes(UTF_8));
        assertThat(result.errors()).isEmpty();
        return result.dag();
    }

    private List<DagFileError> inline(String content) {
        DagParseResult result = parser.parse(Path.of("dags/inline.yaml"), content.getBytes(UTF_8));
        assertThat(result.ok()).isFalse();
        return result.errors();
    }

    private List<DagFileError> errors(String relativeFile) {
        DagParseResult result = parser.parse(PROJECT, Path.of(relativeFile));
        assertThat(result.ok()).as("%s should not parse", relativeFile).isFalse();
        return result.errors();
    }

    private DagFileError single(String relativeFile) {
        List<DagFileError> errors = errors(relativeFile);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    static Path projectDir() {
        try {
            return Path.of(DagParserTest.class.getResource("/dags").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

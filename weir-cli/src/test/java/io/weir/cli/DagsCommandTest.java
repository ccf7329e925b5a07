package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.weir.engine.Weir;
import io.weir.store.DagRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DagsCommandTest {
    private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {};

    @TempDir
    Path temp;

    private TestProject project;

    @BeforeEach
    void createProject() {
        project = new TestProject(temp).dag("etl.yaml", Fixtures.ETL).dag("manual.yaml", Fixtures.MANUAL);
    }

    @Test
    void listShowsEveryDagAsATable() {
        String table = project.ok("dags", "list");
        assertThat(table.lines().toList())
                .hasSize(4)
                .first()
                .asString()
                .matches("dag_id +\\| fileloc +\\| is_paused \\| schedule +\\| tags +\\| last_run_state");
        assertThat(table)
                .containsPattern("etl +\\| dags/etl.yaml +\\| false +\\| @daily +\\| extract,daily +\\|")
                .containsPattern("manual +\\| dags/manual.yaml +\\| false +\\| +\\|");
    }

    @Test
    void readCommandsOnAnUnchangedProjectWriteNoDag() {
        Fixtures.recordEtlRuns(project);
        project.ok("dags", "list");
        List<DagRecord> before = recordedDags();

        project.ok("dags", "list");
        project.ok("dags", "list-runs", "etl");
        project.ok("tasks", "states-for-dag-run", "etl", "2024-01-01");

        // The same rows down to when each was last written.
        assertThat(recordedDags()).isEqualTo(before);
    }

    private List<DagRecord> recordedDags() {
        try (Weir weir = Weir.open(project.dir(), project.environment(), true)) {
            return weir.store().inTransaction(session -> session.dags().list());
        }
    }

    @Test
    void listAsJsonUsesAirflowFieldNamesAndTheLastRunState() throws Exception {
        Fixtures.recordEtlRuns(project);
        List<Map<String, Object>> dags = new ObjectMapper().readValue(project.ok("dags", "list", "-o", "json"), ROWS);
        assertThat(dags).extracting(dag -> dag.get("dag_id")).containsExactly("etl", "manual");
        assertThat(dags.get(0))
                .containsEntry("fileloc", "dags/etl.yaml")
                .containsEntry("is_paused", false)
                .containsEntry("schedule", "@daily")
                .containsEntry("tags", List.of("extract", "daily"))
                .containsEntry("last_run_state", "failed");
        assertThat(dags.get(1)).containsEntry("last_run_state", null);
    }

    @Test
    void listAsYamlAndPlain() throws Exception {
        List<Map<String, Object>> dags = new YAMLMapper().readValue(project.ok("dags", "list", "-o", "yaml"), ROWS);
        assertThat(dags).extracting(dag -> dag.get("dag_id")).containsExactly("etl", "manual");
        assertThat(project.ok("dags", "list", "--output=plain").lines())
                .containsExactly(
                        "etl\tdags/etl.yaml\tfalse\t@daily\textract,daily\t", "manual\tdags/manual.yaml\tfalse\t\t\t");
    }

    @Test
    void badOutputFormatIsAUsageError() {
        CliRun run = project.weir("dags", "list", "-o", "xml");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("error: Invalid value for option '--output': 'xml' is not an output format; use "
                        + "table, json, yaml or plain; see `weir dags list --help`.\n");
    }

    @Test
    void brokenFileIsAnImportErrorAndTheOtherDagsStillList() throws Exception {
        project.dag("broken.yaml", Fixtures.BROKEN);
        CliRun list = project.weir("dags", "list", "-o", "plain");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out().lines()).extracting(line -> line.split("\t")[0]).containsExactly("etl", "manual");
        assertThat(list.err()).contains("`weir dags list-import-errors`");

        List<Map<String, Object>> errors =
                new ObjectMapper().readValue(project.ok("dags", "list-import-errors", "-o", "json"), ROWS);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).keySet()).containsExactly("filepath", "line", "column", "error");
        assertThat(errors.get(0)).containsEntry("filepath", "dags/broken.yaml").containsEntry("line", 6);
        assertThat((String) errors.get(0).get("error")).contains("missing_task");
    }

    @Test
    void validatePrintsEveryProblemAndExitsOne() {
        project.dag("broken.yaml", Fixtures.BROKEN).dag("syntax.yaml", "tasks: [unclosed\n");
        CliRun run = project.weir("dags", "validate");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out().lines())
                .hasSize(2)
                .anySatisfy(line -> assertThat(line).matches("dags/broken\\.yaml:6:\\d+: .*missing_task.*"))
                .anySatisfy(line -> assertThat(line).matches("dags/syntax\\.yaml:\\d+:\\d+: .+"));
        assertThat(run.err()).isEqualTo("error: 2 problems in DAG files (2 DAGs valid).\n");
    }

    @Test
    void validateNeedsNoDatabaseAndSucceedsOnValidFiles() {
        CliRun run = project.weir("dags", "validate");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("2 DAGs are valid.\n");
        assertThat(temp.resolve(".weir")).doesNotExist();
    }

    @Test
    void pauseAndUnpauseShowInTheList() {
        assertThat(project.ok("dags", "pause", "etl")).isEqualTo("DAG etl paused.\n");
        assertThat(project.ok("dags", "list", "-o", "plain")).contains("etl\tdags/etl.yaml\ttrue\t");
        assertThat(project.ok("dags", "unpause", "etl")).isEqualTo("DAG etl unpaused.\n");
        assertThat(project.ok("dags", "list", "-o", "plain")).contains("etl\tdags/etl.yaml\tfalse\t");
    }

    @Test
    void missingDagIsOneLineNamingIt() {
        CliRun run = project.weir("dags", "pause", "nope");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: ").contains("nope").hasLineCount(1);
        assertThat(project.weir("dags", "list-runs", "nope").err())
                .startsWith("error: ")
                .contains("nope");
    }

    @Test
    void listRunsNewestFirstWithStateFilter() throws Exception {
        Fixtures.recordEtlRuns(project);
        List<Map<String, Object>> runs =
                new ObjectMapper().readValue(project.ok("dags", "list-runs", "etl", "-o", "json"), ROWS);
        assertThat(runs)
                .extracting(run -> run.get("run_id"))
                .containsExactly("scheduled__2024-01-02T00:00:00+00:00", "scheduled__2024-01-01T00:00:00+00:00");
        assertThat(runs.get(1))
                .containsEntry("dag_id", "etl")
                .containsEntry("state", "success")
                .containsEntry("run_type", "scheduled")
                .containsEntry("logical_date", "2024-01-01T00:00:00+00:00")
                .containsEntry("execution_date", "2024-01-01T00:00:00+00:00")
                .containsEntry("data_interval_end", "2024-01-02T00:00:00+00:00")
                .containsEntry("start_date", "2024-01-02T00:00:01+00:00")
                .containsEntry("end_date", "2024-01-02T00:00:30+00:00");

        assertThat(project.ok("dags", "list-runs", "etl", "--state", "failed", "-o", "plain"))
                .startsWith("etl\tscheduled__2024-01-02T00:00:00+00:00\tfailed\t")
                .hasLineCount(1);
        assertThat(project.weir("dags", "list-runs", "etl", "--state", "done").err())
                .contains("'done' is not a DAG run state; use queued, running, success or failed");
    }

    @Test
    void stateByDateOrRunId() {
        Fixtures.recordEtlRuns(project);
        assertThat(project.ok("dags", "state", "etl", "2024-01-01")).isEqualTo("success\n");
        assertThat(project.ok("dags", "state", "etl", "2024-01-02T00:00:00Z")).isEqualTo("failed\n");
        assertThat(project.ok("dags", "state", "etl", "scheduled__2024-01-02T00:00:00+00:00"))
                .isEqualTo("failed\n");
    }

    @Test
    void stateOfAMissingRunOrABadDateSaysWhich() {
        Fixtures.recordEtlRuns(project);
        CliRun missing = project.weir("dags", "state", "etl", "2023-06-01");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err())
                .startsWith("error: ")
                .contains("etl", "list-runs")
                .hasLineCount(1);

        CliRun bad = project.weir("dags", "state", "etl", "2024-13-01");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err())
                .isEqualTo("error: '2024-13-01' is not a date; use 2024-01-01 or an ISO-8601 timestamp such as "
                        + "2024-01-01T00:00:00+00:00\n");
    }

    @Test
    void missingSubcommandIsAUsageError() {
        CliRun run = project.weir("dags");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: Missing required subcommand; see `weir dags --help`.\n");
    }
}

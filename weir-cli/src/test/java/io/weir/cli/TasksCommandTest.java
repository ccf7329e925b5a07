package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TasksCommandTest {
    private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {};

    @TempDir
    Path temp;

    private TestProject project;

    @BeforeEach
    void recordRuns() {
        project = new TestProject(temp).dag("etl.yaml", Fixtures.ETL);
        Fixtures.recordEtlRuns(project);
    }

    @Test
    void stateOfOneInstance() {
        assertThat(project.ok("tasks", "state", "etl", "report", "2024-01-01")).isEqualTo("success\n");
        assertThat(project.ok("tasks", "state", "etl", "report", "scheduled__2024-01-02T00:00:00+00:00"))
                .isEqualTo("failed\n");
    }

    @Test
    void unknownTaskNamesTheDagsTasks() {
        CliRun run = project.weir("tasks", "state", "etl", "load", "2024-01-01");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: DAG etl has no task load; its tasks are extract, report.\n");
    }

    @Test
    void statesForDagRunInDagOrder() throws Exception {
        List<Map<String, Object>> rows = new ObjectMapper()
                .readValue(project.ok("tasks", "states-for-dag-run", "etl", "2024-01-02", "-o", "json"), ROWS);
        assertThat(rows).extracting(row -> row.get("task_id")).containsExactly("extract", "report");
        assertThat(rows.get(1))
                .containsEntry("dag_id", "etl")
                .containsEntry("run_id", "scheduled__2024-01-02T00:00:00+00:00")
                .containsEntry("execution_date", "2024-01-02T00:00:00+00:00")
                .containsEntry("state", "failed")
                .containsEntry("try_number", 1)
                .containsEntry("start_date", "2024-01-03T00:00:02+00:00")
                .containsEntry("end_date", "2024-01-03T00:00:07+00:00");
        assertThat(project.ok("tasks", "states-for-dag-run", "etl", "2024-01-02"))
                .startsWith("dag_id | run_id")
                .contains("| report  | failed  |");
    }

    @Test
    void logsPrintTheLatestTryOrTheOneAskedFor() {
        assertThat(project.ok("tasks", "logs", "etl", "extract", "2024-01-01"))
                .isEqualTo("extracting 2024-01-01\ndone\n");
        assertThat(project.ok("tasks", "logs", "etl", "extract", "2024-01-01", "--try", "1"))
                .isEqualTo("try one failed\n");
    }

    @Test
    void logsOfATryThatDidNotHappenOrIsGone() {
        CliRun noSuchTry = project.weir("tasks", "logs", "etl", "extract", "2024-01-01", "--try", "3");
        assertThat(noSuchTry.exitCode()).isEqualTo(1);
        assertThat(noSuchTry.err())
                .isEqualTo("error: No try 3 of task extract of DAG etl in run scheduled__2024-01-01T00:00:00+00:00; "
                        + "its tries are 1 to 2.\n");
        CliRun gone = project.weir("tasks", "logs", "etl", "report", "2024-01-01");
        assertThat(gone.err())
                .startsWith("error: The log of try 1 of task report of DAG etl in run "
                        + "scheduled__2024-01-01T00:00:00+00:00 is gone (")
                .endsWith("attempt=1.log); logs older than logs.retention_days are deleted.\n");
    }

    @Test
    void xcomShowsKeysAndJsonValues() throws Exception {
        assertThat(project.ok("tasks", "xcom", "etl", "extract", "2024-01-01", "-o", "plain"))
                .isEqualTo("return_value\t{\"record_count\":5}\n");
        List<Map<String, Object>> rows = new ObjectMapper()
                .readValue(project.ok("tasks", "xcom", "etl", "extract", "2024-01-01", "-o", "json"), ROWS);
        assertThat(rows).containsExactly(Map.of("key", "return_value", "value", Map.of("record_count", 5)));
        assertThat(project.ok("tasks", "xcom", "etl", "report", "2024-01-01")).isEqualTo("No data found\n");
    }

    @Test
    void badDateIsReportedBeforeAnyLookup() {
        CliRun run = project.weir("tasks", "state", "etl", "extract", "2024-01-01T10:00");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("error: '2024-01-01T10:00' has no time zone; add Z or an offset, for example "
                        + "2024-01-01T10:00Z\n");
    }
}

package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tasks run}, {@code tasks clear} and {@code tasks mark}: what they refuse and how they say so. */
class TasksChangeCommandsTest {
    @TempDir
    Path temp;

    private TestProject project;

    @BeforeEach
    void runEtlOnce() {
        project = new TestProject(temp).dag("etl.yaml", Fixtures.ETL);
        project.ok("dags", "test", "etl", "2024-01-01");
    }

    @Test
    void markTakesOnlySuccessOrFailed() {
        CliRun run = project.weir("tasks", "mark", "etl", "extract", "2024-01-01", "--state", "running");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("error: Invalid value for option '--state': 'running' is not a state a task can be marked; "
                        + "use success or failed; see `weir tasks mark --help`.\n");
    }

    @Test
    void markOfWhatIsAlreadyInThatStateChangesNothing() {
        assertThat(project.ok("tasks", "mark", "etl", "extract", "2024-01-01", "--state", "success", "-d"))
                .isEqualTo("Nothing changed: the chosen task instances of run manual__2024-01-01T00:00:00+00:00 are "
                        + "success already or have not been scheduled yet.\n"
                        + "Run manual__2024-01-01T00:00:00+00:00 of DAG etl is success.\n");
    }

    @Test
    void markSuccessWithUpstreamSettlesAFailedRun() {
        project.ok("tasks", "mark", "etl", "report", "2024-01-01", "--state", "failed");
        assertThat(project.ok("dags", "state", "etl", "2024-01-01")).isEqualTo("failed\n");

        assertThat(project.ok("tasks", "mark", "etl", "report", "2024-01-01", "--state", "success", "--upstream"))
                .containsPattern("report +\\| failed +\\| success")
                .endsWith("Marked 1 task instance success in run manual__2024-01-01T00:00:00+00:00.\n"
                        + "Run manual__2024-01-01T00:00:00+00:00 of DAG etl is success.\n");
    }

    @Test
    void clearSaysWhenNothingMatchesAndRejectsABadRegex() {
        assertThat(project.ok("tasks", "clear", "etl", "-f", "-y"))
                .isEqualTo("No task instances of DAG etl match; nothing was cleared.\n");
        assertThat(project.ok("tasks", "clear", "etl", "-s", "2024-02-01", "-y"))
                .isEqualTo("No task instances of DAG etl match; nothing was cleared.\n");

        CliRun badRegex = project.weir("tasks", "clear", "etl", "-t", "(", "-y");
        assertThat(badRegex.exitCode()).isEqualTo(1);
        assertThat(badRegex.err()).startsWith("error: '(' is not a valid regular expression: ");
        CliRun noTask = project.weir("tasks", "clear", "etl", "-t", "^load$", "-y");
        assertThat(noTask.err())
                .isEqualTo("error: No task of DAG etl matches '^load$'; its tasks are extract, report\n");
    }

    @Test
    void runNeedsAnExistingRunAndTask() {
        CliRun noRun = project.weir("tasks", "run", "etl", "extract", "2024-03-01");
        assertThat(noRun.exitCode()).isEqualTo(1);
        assertThat(noRun.err())
                .isEqualTo(
                        "error: DAG etl has no run with logical date 2024-03-01T00:00:00Z; `weir dags list-runs etl` "
                                + "lists its runs\n");
        CliRun noTask = project.weir("tasks", "run", "etl", "load", "2024-01-01");
        assertThat(noTask.err()).isEqualTo("error: DAG etl has no task load; its tasks are extract, report\n");
        CliRun noDag = project.weir("tasks", "run", "elt", "extract", "2024-01-01");
        assertThat(noDag.err()).startsWith("error: No DAG elt in ");
    }
}

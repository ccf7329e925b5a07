package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dags trigger}, {@code dags test} and {@code dags backfill}: their options, prompts and messages. */
class DagsRunCommandsTest {
    private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {};

    @TempDir
    Path temp;

    private TestProject project;

    @BeforeEach
    void createProject() {
        project = new TestProject(temp).dag("etl.yaml", Fixtures.ETL).dag("manual.yaml", Fixtures.MANUAL);
    }

    @Test
    void triggerPrintsTheRunAndSaysWhenTheDagIsPaused() throws Exception {
        project.ok("dags", "pause", "etl");

        CliRun run = project.weir("dags", "trigger", "etl", "-e", "2024-01-05", "-c", "{\"full\": true}", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(new ObjectMapper().readValue(run.out(), ROWS))
                .containsExactly(Map.of(
                        "dag_id", "etl",
                        "run_id", "manual__2024-01-05T00:00:00+00:00",
                        "logical_date", "2024-01-05T00:00:00+00:00",
                        "state", "queued",
                        "conf", Map.of("full", true)));
        assertThat(run.err())
                .isEqualTo("note: DAG etl is paused; the run starts when the DAG is unpaused: weir dags unpause etl\n");
        assertThat(project.ok("dags", "state", "etl", "manual__2024-01-05T00:00:00+00:00"))
                .isEqualTo("queued\n");
    }

    @Test
    void triggerRefusesConfThatIsNoObjectAndASecondRunAtTheSameDate() {
        CliRun list = project.weir("dags", "trigger", "etl", "-c", "[1, 2]");
        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.err())
                .isEqualTo("error: The conf for DAG etl must be a JSON object, such as {\"full\": true}\n");

        assertThat(project.ok("dags", "trigger", "manual", "-e", "2024-01-01"))
                .contains("| manual__2024-01-01T00:00:00+00:00 | 2024-01-01T00:00:00+00:00 | queued |");
        CliRun again = project.weir("dags", "trigger", "manual", "-e", "2024-01-01");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).startsWith("error: DAG manual already has a run for 2024-01-01T00:00:00Z");
    }

    @Test
    void testWithoutADateRunsForTodayAtMidnightUtc() {
        String today = LocalDate.now(ZoneOffset.UTC) + "T00:00:00+00:00";

        String out = project.ok("dags", "test", "manual");

        assertThat(out)
                .startsWith("manual › only ✔")
                .contains("manual run manual__" + today + " success")
                .containsPattern("only +\\| success \\| 1 ");
    }

    @Test
    void backfillWithResetAsksBeforeClearingTheRunsThatExist() throws Exception {
        Path counter = temp.resolve("count");
        project.dag(
                "daily.yaml",
                """
                schedule: "@daily"
                start_date: 2024-01-01
                tasks:
                  count:
                    type: command
                    command: echo "$WEIR_DS" >> %s
                """
                        .formatted(counter));
        project.ok("dags", "backfill", "daily", "-s", "2024-01-01", "-e", "2024-01-02");

        CliRun declined = project.weirWithInput(
                "no\n", "dags", "backfill", "daily", "-s", "2024-01-01", "-e", "2024-01-03", "--reset-dagruns");
        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.out())
                .contains(
                        "backfill__2024-01-01T00:00:00+00:00 | success",
                        "backfill__2024-01-02T00:00:00+00:00 | success");
        assertThat(declined.err())
                .isEqualTo("Clear 2 existing runs of DAG daily and run them again? [y/N] "
                        + "error: Cancelled; nothing was changed.\n");

        String reset = project.ok(
                "dags", "backfill", "daily", "-s", "2024-01-01", "-e", "2024-01-03", "--reset-dagruns", "-y");
        assertThat(reset).endsWith("Backfill of DAG daily done: 3 runs, 3 success, 0 failed.\n");
        assertThat(Files.readAllLines(counter))
                .containsExactlyInAnyOrder("2024-01-01", "2024-01-02", "2024-01-01", "2024-01-02", "2024-01-03");
    }

    @Test
    void backfillWithAFailedRunExitsOneAndNamesIt() {
        project.dag(
                "failing.yaml",
                """
                schedule: "@daily"
                start_date: 2024-01-01
                tasks:
                  check:
                    type: command
                    command: test "$WEIR_DS" != 2024-01-02
                """);

        CliRun backfill = project.weir("dags", "backfill", "failing", "-s", "2024-01-01", "-e", "2024-01-03");

        assertThat(backfill.exitCode()).isEqualTo(1);
        assertThat(backfill.out()).endsWith("Backfill of DAG failing done: 3 runs, 2 success, 1 failed.\n");
        assertThat(backfill.err())
                .isEqualTo("error: 1 of 3 runs of DAG failing failed (backfill__2024-01-02T00:00:00+00:00); "
                        + "`weir tasks states-for-dag-run failing backfill__2024-01-02T00:00:00+00:00` shows their "
                        + "tasks, and --rerun-failed-tasks runs the failed ones again.\n");
    }

    @Test
    void backfillNeedsAScheduleAndAValidRange() {
        CliRun unscheduled = project.weir("dags", "backfill", "manual", "-s", "2024-01-01", "-e", "2024-01-02");
        assertThat(unscheduled.exitCode()).isEqualTo(1);
        assertThat(unscheduled.err())
                .startsWith("error: DAG manual has no schedule, so it has no intervals to backfill");

        CliRun badDelay = project.weir(
                "dags", "backfill", "etl", "-s", "2024-01-01", "-e", "2024-01-02", "--delay-on-limit", "-1");
        assertThat(badDelay.err())
                .isEqualTo("error: --delay-on-limit must be a number of seconds, 0 or more, not -1.0\n");

        CliRun missingEnd = project.weir("dags", "backfill", "etl", "-s", "2024-01-01");
        assertThat(missingEnd.err()).startsWith("error: Missing required option: '--end-date=END'");

        CliRun empty =
                project.weir("dags", "backfill", "etl", "-s", "2024-01-01T06:00:00Z", "-e", "2024-01-01T18:00:00Z");
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.out())
                .isEqualTo("No interval of DAG etl's schedule starts between 2024-01-01T06:00:00+00:00 and "
                        + "2024-01-01T18:00:00+00:00; nothing to backfill.\n");
    }
}

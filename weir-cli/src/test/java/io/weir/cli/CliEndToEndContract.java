package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.engine.process.ProcessTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator does through {@code weir}, end to end on a real metadata DB, once per backend. */
abstract class CliEndToEndContract {
    private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {};
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(90);
    private static final String JAN_1 = "2024-01-01";

    @TempDir
    Path temp;

    private TestProject project;

    abstract TestProject.Backend backend();

    @BeforeEach
    void createProject() throws IOException {
        project = new TestProject(Files.createDirectory(temp.resolve("project")), backend());
        project.file(
                "weir.yaml",
                "dags_are_paused_at_creation: false\nparallelism: 8\nscheduler:\n  dag_dir_list_interval: 1s\n");
    }

    @AfterEach
    void dropProject() {
        project.close();
    }

    @Test
    void backfillOfSevenDailyRunsPrintsProgressAndSucceeds() throws Exception {
        project.dag(
                "daily.yaml",
                """
                schedule: "@daily"
                start_date: 2024-01-01
                max_active_runs: 2
                tasks:
                  first:
                    type: command
                    command: echo "$WEIR_DS"
                  second:
                    type: empty
                    after: [first]
                """);
        // Backfill runs paused DAGs too.
        project.ok("dags", "pause", "daily");

        String dryRun = project.ok("dags", "backfill", "daily", "-s", JAN_1, "-e", "2024-01-07", "--dry-run");
        assertThat(dryRun)
                .contains("2024-01-01T00:00:00+00:00", "2024-01-07T00:00:00+00:00")
                .endsWith("Dry run: 7 intervals of DAG daily, 0 with a run already; nothing was changed.\n");
        assertThat(project.ok("dags", "list-runs", "daily")).isEqualTo("No data found\n");

        CliRun backfill =
                project.weir("dags", "backfill", "daily", "-s", JAN_1, "-e", "2024-01-07", "--delay-on-limit", "0.2");

        assertThat(backfill.exitCode()).as(backfill.toString()).isZero();
        assertThat(backfill.out())
                .startsWith(
                        "Backfilling DAG daily: 7 runs from 2024-01-01T00:00:00+00:00 to 2024-01-07T00:00:00+00:00.\n")
                .contains("7/7 runs finished (7 success, 0 failed) | tasks: success 14\n")
                .endsWith("Backfill of DAG daily done: 7 runs, 7 success, 0 failed.\n");
        assertThat(backfill.out().lines().filter(line -> line.contains(" runs finished ")))
                .as("progress lines")
                .isNotEmpty()
                .doesNotHaveDuplicates();
        List<Map<String, Object>> runs = json("dags", "list-runs", "daily", "-o", "json");
        assertThat(runs).hasSize(7).allSatisfy(run -> assertThat(run).containsEntry("state", "success"));
        assertThat(runs)
                .extracting(run -> run.get("run_id"))
                .contains("backfill__2024-01-01T00:00:00+00:00", "backfill__2024-01-07T00:00:00+00:00");
    }

    @Test
    void failingTaskIsTriedThreeTimesWithALogEachAndFailsTheRun() throws Exception {
        project.dag(
                "flaky.yaml",
                """
                tasks:
                  broken:
                    type: command
                    retries: 2
                    retry_delay: 1s
                    command: echo "try $WEIR_TRY_NUMBER"; exit 3
                  report:
                    type: empty
                    after: [broken]
                """);

        CliRun test = project.weir("dags", "test", "flaky", JAN_1);

        assertThat(test.exitCode()).as(test.toString()).isEqualTo(1);
        assertThat(test.out().lines().filter(line -> line.startsWith("flaky › broken ↻ up_for_retry")))
                .hasSize(2);
        assertThat(test.out())
                .contains("flaky › broken ✘ failed", "flaky › report ✘ upstream_failed")
                .containsPattern("broken +\\| failed +\\| 3 ");
        assertThat(test.err())
                .isEqualTo("error: Run manual__2024-01-01T00:00:00+00:00 of DAG flaky ended failed: task broken "
                        + "failed; `weir tasks logs flaky broken manual__2024-01-01T00:00:00+00:00` shows why.\n");
        Path logs = project.dir()
                .resolve(".weir/logs/dag_id=flaky/run_id=manual__2024-01-01T00:00:00+00:00/task_id=broken");
        try (var files = Files.list(logs)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("attempt=1.log", "attempt=2.log", "attempt=3.log");
        }
        assertThat(project.ok("tasks", "logs", "flaky", "broken", JAN_1, "--try", "2"))
                .contains("try 2");
        assertThat(project.ok("dags", "state", "flaky", JAN_1)).isEqualTo("failed\n");
        assertThat(project.ok("tasks", "state", "flaky", "report", JAN_1)).isEqualTo("upstream_failed\n");
    }

    @Test
    void clearWithDownstreamThenRerunBringsTheClearedTasksBack() throws Exception {
        Path counter = temp.resolve("count");
        project.dag(
                "etl.yaml",
                """
                tasks:
                  extract:
                    type: command
                    command: echo extract >> %1$s
                  transform:
                    type: command
                    after: [extract]
                    command: echo transform >> %1$s
                  report:
                    type: command
                    after: [transform]
                    command: echo report >> %1$s
                """
                        .formatted(counter));
        assertThat(project.weir("dags", "test", "etl", JAN_1).exitCode()).isZero();

        CliRun declined = project.weirWithInput("n\n", "tasks", "clear", "etl", "-t", "transform", "-d");
        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.err()).endsWith("? [y/N] error: Cancelled; nothing was cleared.\n");
        assertThat(project.ok("tasks", "state", "etl", "transform", JAN_1)).isEqualTo("success\n");

        String cleared = project.ok("tasks", "clear", "etl", "-t", "transform", "-d", "-y");
        assertThat(cleared)
                .contains("| transform |", "| report    |")
                .doesNotContain("| extract")
                .endsWith("Cleared 2 task instances in 1 run of DAG etl; the scheduler runs them again.\n");
        assertThat(states("etl", JAN_1))
                .containsEntry("extract", "success")
                .containsEntry("transform", "none")
                .containsEntry("report", "none");
        assertThat(project.ok("dags", "state", "etl", JAN_1)).isEqualTo("running\n");

        assertThat(project.ok("tasks", "run", "etl", "transform", JAN_1))
                .startsWith("Task transform of DAG etl in run manual__2024-01-01T00:00:00+00:00: success (try 2).\n");
        project.ok("tasks", "run", "etl", "report", JAN_1);

        assertThat(states("etl", JAN_1))
                .containsOnly(
                        Map.entry("extract", "success"),
                        Map.entry("transform", "success"),
                        Map.entry("report", "success"));
        assertThat(project.ok("dags", "state", "etl", JAN_1)).isEqualTo("success\n");
        assertThat(Files.readAllLines(counter))
                .containsExactly("extract", "transform", "report", "transform", "report");
    }

    @Test
    void tasksRunForcedWithAllDependenciesIgnoredRunsAFailedTaskAndOneWhoseUpstreamFailed() throws Exception {
        Path counter = temp.resolve("count");
        project.dag(
                "single.yaml",
                """
                tasks:
                  a:
                    type: command
                    command: exit 1
                  b:
                    type: command
                    after: [a]
                    command: echo b >> %s
                """
                        .formatted(counter));
        assertThat(project.weir("dags", "test", "single", JAN_1).exitCode()).isEqualTo(1);

        CliRun refused = project.weir("tasks", "run", "single", "a", JAN_1);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("already ran (state failed); add -f");
        CliRun blocked = project.weir("tasks", "run", "single", "b", JAN_1, "-f");
        assertThat(blocked.exitCode()).isEqualTo(1);
        assertThat(blocked.err()).contains("trigger rule all_success is not met by its upstream a=failed");

        CliRun forced = project.weir("tasks", "run", "single", "b", JAN_1, "-f", "-A");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        Path log = project.dir()
                .resolve(".weir/logs/dag_id=single/run_id=manual__2024-01-01T00:00:00+00:00/task_id=b/attempt=1.log");
        assertThat(forced.out())
                .isEqualTo("Task b of DAG single in run manual__2024-01-01T00:00:00+00:00: success (try 1).\nLog: "
                        + log + "\n");
        assertThat(log).exists();
        assertThat(Files.readAllLines(counter)).containsExactly("b");

        CliRun again = project.weir("tasks", "run", "single", "a", JAN_1, "--force", "--ignore-all-dependencies");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.out())
                .startsWith("Task a of DAG single in run manual__2024-01-01T00:00:00+00:00: failed (try 2).\n");
        assertThat(again.err())
                .startsWith("error: Task a of DAG single in run manual__2024-01-01T00:00:00+00:00 ended "
                        + "failed; `weir tasks logs single a");
        assertThat(states("single", JAN_1)).containsEntry("a", "failed").containsEntry("b", "success");
    }

    @Test
    void markFailedWithDownstreamFailsTheRun() throws Exception {
        project.dag(
                "marking.yaml",
                """
                tasks:
                  a:
                    type: empty
                  b:
                    type: empty
                    after: [a]
                  c:
                    type: empty
                    after: [b]
                """);
        assertThat(project.weir("dags", "test", "marking", JAN_1).exitCode()).isZero();

        String marked = project.ok("tasks", "mark", "marking", "b", JAN_1, "--state", "failed", "--downstream");

        assertThat(marked)
                .containsPattern("b +\\| success +\\| failed")
                .containsPattern("c +\\| success +\\| failed")
                .doesNotContain("a ")
                .endsWith("Marked 2 task instances failed in run manual__2024-01-01T00:00:00+00:00.\n"
                        + "Run manual__2024-01-01T00:00:00+00:00 of DAG marking is failed.\n");
        assertThat(states("marking", JAN_1))
                .containsOnly(Map.entry("a", "success"), Map.entry("b", "failed"), Map.entry("c", "failed"));
        assertThat(project.ok("dags", "state", "marking", JAN_1)).isEqualTo("failed\n");
    }

    @Test
    void invalidDagFileBesideValidOnesIsAnImportErrorWithItsLine() throws Exception {
        project.dag("good.yaml", "tasks:\n  a:\n    type: empty\n");
        project.dag("other.yaml", "schedule: \"@daily\"\nstart_date: 2024-01-01\ntasks:\n  b:\n    type: empty\n");
        project.dag("bad.yaml", "tasks:\n  a:\n    type: empty\n    after: [missing_task]\n");

        List<Map<String, Object>> errors = json("dags", "list-import-errors", "-o", "json");
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat((String) error.get("filepath")).endsWith("bad.yaml");
            assertThat(error).containsEntry("line", 4);
            assertThat((String) error.get("error")).contains("missing_task");
        });
        CliRun list = project.weir("dags", "list", "-o", "json");
        assertThat(new ObjectMapper().readValue(list.out(), ROWS))
                .extracting(dag -> dag.get("dag_id"))
                .containsExactlyInAnyOrder("good", "other");
        assertThat(list.err()).contains("`weir dags list-import-errors`");
        CliRun validate = project.weir("dags", "validate");
        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.out()).startsWith("dags/bad.yaml:4:");
        assertThat(validate.err()).isEqualTo("error: 1 problem in DAG files (2 DAGs valid).\n");
        CliRun trigger = project.weir("dags", "trigger", "bad");
        assertThat(trigger.exitCode()).isEqualTo(1);
        assertThat(trigger.err()).startsWith("error: DAG bad cannot be loaded: dags/bad.yaml:4:");
        assertThat(project.weir("dags", "test", "good", JAN_1).exitCode()).isZero();
    }

    @Test
    void killedSchedulerIsRecoveredByTheNextOne() throws Exception {
        Path counter = temp.resolve("count");
        Path pidFile = temp.resolve("long.pid");
        Path orphanFile = temp.resolve("orphan.pid");
        project.dag(
                "crash.yaml",
                """
                tasks:
                  first:
                    type: command
                    command: echo first >> %s
                  long:
                    type: command
                    after: [first]
                    retries: 1
                    retry_delay: 1s
                    command: if [ "$WEIR_TRY_NUMBER" = 1 ]; then (sleep 300 & echo $! > %s); echo $$ > %s; sleep 300; fi; echo done
                """
                        .formatted(counter, orphanFile, pidFile));
        project.ok("dags", "trigger", "crash", "-e", JAN_1);
        List<Process> schedulers = new ArrayList<>();
        ProcessHandle leftover = null;
        ProcessHandle orphan = null;
        try {
            Process first = startScheduler("first");
            schedulers.add(first);
            awaitOutput("running", () -> hasPid(pidFile), "tasks", "state", "crash", "long", JAN_1);
            assertThat(Files.readAllLines(counter)).containsExactly("first");

            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            leftover = ProcessHandle.of(pid).orElseThrow();
            orphan = ProcessHandle.of(
                            Long.parseLong(Files.readString(orphanFile).strip()))
                    .orElseThrow();
            assertThat(ProcessTrees.isRunning(leftover))
                    .as("the long task outlives its scheduler")
                    .isTrue();

            schedulers.add(startScheduler("second"));
            awaitOutput("success", () -> true, "dags", "state", "crash", JAN_1);

            assertThat(ProcessTrees.isRunning(leftover))
                    .as("the leftover process was ended")
                    .isFalse();
            assertThat(ProcessTrees.isRunning(orphan))
                    .as("its background process, re-parented when its subshell exited, was ended")
                    .isFalse();
            List<Map<String, Object>> instances = json("tasks", "states-for-dag-run", "crash", JAN_1, "-o", "json");
            Map<String, Map<String, Object>> byTask = instances.stream()
                    .collect(Collectors.toMap(row -> (String) row.get("task_id"), Function.identity()));
            assertThat(byTask.get("long")).containsEntry("state", "success").containsEntry("try_number", 2);
            assertThat(byTask.get("first")).containsEntry("state", "success").containsEntry("try_number", 1);
            assertThat(Files.readAllLines(counter)).as("first ran once").containsExactly("first");
            assertThat(project.ok("tasks", "logs", "crash", "long", JAN_1, "--try", "1"))
                    .contains("no longer heartbeats");
        } finally {
            for (Process scheduler : schedulers) {
                scheduler.destroyForcibly();
                scheduler.waitFor(30, TimeUnit.SECONDS);
            }
            if (leftover != null) {
                ProcessTrees.kill(leftover, Duration.ZERO);
            }
            if (orphan != null) {
                ProcessTrees.kill(orphan, Duration.ZERO);
            }
        }
    }

    /** {@code weir scheduler} in a JVM of its own, its output in a file beside the project. */
    private Process startScheduler(String name) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--project",
                project.dir().toString(),
                "scheduler");
        builder.environment().clear();
        builder.environment().putAll(project.environment());
        Path output = temp.resolve("scheduler-" + name + ".log");
        builder.redirectErrorStream(true).redirectOutput(output.toFile());
        Process scheduler = builder.start();
        try {
            awaitBanner(scheduler, output);
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            scheduler.destroyForcibly();
            throw e;
        }
        return scheduler;
    }

    /**
     * Waits until the scheduler has opened the metadata database and printed its banner, so the polls that follow
     * reach it as its embedded server's clients instead of racing it for the H2 lock file as it starts.
     */
    private void awaitBanner(Process scheduler, Path output) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(output) && Files.readString(output).contains("Press Ctrl-C to stop.")) {
                return;
            }
            if (!scheduler.isAlive()) {
                throw new AssertionError(
                        "the scheduler exited with " + scheduler.exitValue() + " as it started\n" + schedulerOutput());
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "the scheduler did not start within " + WAIT_LIMIT.toSeconds() + " s\n" + schedulerOutput());
    }

    /**
     * Runs {@code weir ARGS} until it prints {@code expected} and {@code also} holds; fails after {@link #WAIT_LIMIT}
     * with what the schedulers printed.
     */
    private void awaitOutput(String expected, Supplier<Boolean> also, String... args) throws Exception {
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            CliRun run = project.weir(args);
            last = run.toString();
            if (run.exitCode() == 0 && run.out().strip().equals(expected) && also.get()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("`weir " + String.join(" ", args) + "` did not print " + expected + " within "
                + WAIT_LIMIT.toSeconds() + " s; last:\n" + last + "\n" + schedulerOutput());
    }

    /** Whether the task has written its process id (the file may exist a moment before its content). */
    private static boolean hasPid(Path file) {
        try {
            return Files.exists(file) && Files.readString(file).strip().matches("\\d+");
        } catch (IOException e) {
            return false;
        }
    }

    private String schedulerOutput() throws IOException {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(temp)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("scheduler-"))
                    .sorted()
                    .toList()) {
                text.append("--- ").append(file.getFileName()).append('\n').append(Files.readString(file));
            }
        }
        return text.toString();
    }

    private List<Map<String, Object>> json(String... args) throws IOException {
        return new ObjectMapper().readValue(project.ok(args), ROWS);
    }

    private Map<String, Object> states(String dagId, String date) throws IOException {
        return json("tasks", "states-for-dag-run", dagId, date, "-o", "json").stream()
                .collect(Collectors.toMap(row -> (String) row.get("task_id"), row -> row.get("state")));
    }
}

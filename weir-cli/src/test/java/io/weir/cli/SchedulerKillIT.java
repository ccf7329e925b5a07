package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.store.testing.TestStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduler in a process of its own, killed with SIGKILL at random moments while commands run and started again:
 * a command that exited 0 is recorded from the exit status kept beside its try, never run a second time, and every
 * run succeeds. On the embedded H2 database at the size the issue tried (10 DAGs of 40 commands, 12 kills); on
 * PostgreSQL smaller.
 */
class SchedulerKillIT {
    private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {};

    @TempDir
    Path dir;

    @Test
    void onEmbeddedH2NoCommandThatExitedZeroRunsAgainAfterRandomKills() throws Exception {
        try (TestProject project = new TestProject(dir.resolve("project"), TestProject.Backend.H2)) {
            killAndRestart(project, 10, 40, 12);
        }
    }

    @Test
    void onPostgresNoCommandThatExitedZeroRunsAgainAfterRandomKills() throws Exception {
        assumeTrue(TestStores.postgresAvailable(), "PostgreSQL is not reachable at " + TestStores.postgresUrl());
        try (TestProject project = new TestProject(dir.resolve("project"), TestProject.Backend.POSTGRES)) {
            killAndRestart(project, 3, 8, 6);
        }
    }

    private void killAndRestart(TestProject project, int dags, int tasks, int kills) throws Exception {
        Path ran = dir.resolve("ran.txt");
        for (int dag = 0; dag < dags; dag++) {
            StringBuilder yaml = new StringBuilder("dag_id: killed_" + dag + "\nschedule: null\ntasks:\n");
            for (int task = 0; task < tasks; task++) {
                // Each sleeps under 2 s, then leaves one line: a second line would be a second successful run.
                yaml.append("  t")
                        .append(task)
                        .append(":\n    type: command\n    retries: 3\n    retry_delay: 1s\n")
                        .append(
                                "    command: sleep $((RANDOM % 2)).$((RANDOM % 10)); echo \"$WEIR_DAG_ID.$WEIR_TASK_ID\" >> ")
                        .append(ran)
                        .append("\n");
                if (task >= 4) {
                    yaml.append("    after: [t").append(task - 4).append("]\n");
                }
            }
            project.dag("killed_" + dag + ".yaml", yaml.toString());
            project.ok("dags", "trigger", "killed_" + dag);
        }
        Random random = new Random();
        for (int kill = 0; kill < kills; kill++) {
            Process scheduler = startScheduler(project, kill);
            Thread.sleep(1_500 + random.nextInt(2_500));
            scheduler.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        Process scheduler = startScheduler(project, kills);
        try {
            waitForAllRuns(project, scheduler, dags);
        } finally {
            scheduler.destroy();
            scheduler.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> lines = Files.readAllLines(ran);
        Map<String, Integer> times = new HashMap<>();
        lines.forEach(line -> times.merge(line, 1, Integer::sum));
        assertThat(times)
                .as("tasks whose command succeeded, and how often it ran")
                .hasSize(dags * tasks);
        assertThat(times.entrySet())
                .as("commands that ran again after exiting 0 (scheduler output in " + dir + ")")
                .allSatisfy(
                        entry -> assertThat(entry.getValue()).as(entry.getKey()).isEqualTo(1));
    }

    private Process startScheduler(TestProject project, int round) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.weir.cli.Main",
                "--project",
                project.dir().toString(),
                "scheduler"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("scheduler-" + round + ".log").toFile());
        builder.environment().clear();
        builder.environment().putAll(project.environment());
        return builder.start();
    }

    private static void waitForAllRuns(TestProject project, Process scheduler, int dags) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        ObjectMapper json = new ObjectMapper();
        while (true) {
            int succeeded = 0;
            for (int dag = 0; dag < dags; dag++) {
                List<Map<String, Object>> runs =
                        json.readValue(project.ok("dags", "list-runs", "killed_" + dag, "-o", "json"), ROWS);
                assertThat(runs).hasSize(1);
                assertThat(runs.get(0).get("state")).as("run of killed_" + dag).isNotEqualTo("failed");
                if ("success".equals(runs.get(0).get("state"))) {
                    succeeded++;
                }
            }
            if (succeeded == dags) {
                return;
            }
            assertThat(scheduler.isAlive()).as("the last scheduler is running").isTrue();
            assertThat(System.nanoTime())
                    .as("all runs succeeded within 3 minutes")
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}

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
 * a command that exited 0 is recorded from the exit status kept beside its try, never run a second time.
 */
class SchedulerKillIT {
    private static final int DAGS = 3;
    private static final int TASKS = 8;
    private static final int KILLS = 6;
    private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {};

    @TempDir
    Path dir;

    @Test
    void noCommandThatExitedZeroRunsAgainAfterRandomKills() throws Exception {
        assumeTrue(TestStores.postgresAvailable(), "PostgreSQL is not reachable at " + TestStores.postgresUrl());
        Path ran = dir.resolve("ran.txt");
        try (TestProject project = new TestProject(dir.resolve("project"), TestProject.Backend.POSTGRES)) {
            for (int dag = 0; dag < DAGS; dag++) {
                StringBuilder yaml = new StringBuilder("dag_id: killed_" + dag + "\nschedule: null\ntasks:\n");
                for (int task = 0; task < TASKS; task++) {
                    // Each sleeps under 1.5 s, then leaves one line: a second line would be a second successful run.
                    yaml.append("  t")
                            .append(task)
                            .append(":\n    type: command\n    retries: 3\n    retry_delay: 1s\n")
                            .append(
                                    "    command: sleep 0.$((RANDOM % 10 + 3)); echo \"$WEIR_DAG_ID.$WEIR_TASK_ID\" >> ")
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
            for (int kill = 0; kill < KILLS; kill++) {
                Process scheduler = startScheduler(project, kill);
                Thread.sleep(1_500 + random.nextInt(2_500));
                scheduler.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            Process scheduler = startScheduler(project, KILLS);
            try {
                waitForAllRuns(project, scheduler);
            } finally {
                scheduler.destroy();
                scheduler.waitFor(30, TimeUnit.SECONDS);
            }
            List<String> lines = Files.readAllLines(ran);
            Map<String, Integer> times = new HashMap<>();
            lines.forEach(line -> times.merge(line, 1, Integer::sum));
            assertThat(times)
                    .as("tasks whose command succeeded, and how often it ran")
                    .hasSize(DAGS * TASKS);
            assertThat(times.entrySet())
                    .as("commands that ran again after exiting 0 (scheduler output in " + dir + ")")
                    .allSatisfy(entry ->
                            assertThat(entry.getValue()).as(entry.getKey()).isEqualTo(1));
        }
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

    private static void waitForAllRuns(TestProject project, Process scheduler) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        ObjectMapper json = new ObjectMapper();
        while (true) {
            int succeeded = 0;
            for (int dag = 0; dag < DAGS; dag++) {
                List<Map<String, Object>> runs =
                        json.readValue(project.ok("dags", "list-runs", "killed_" + dag, "-o", "json"), ROWS);
                assertThat(runs).hasSize(1);
                assertThat(runs.get(0).get("state")).as("run of killed_" + dag).isNotEqualTo("failed");
                if ("success".equals(runs.get(0).get("state"))) {
                    succeeded++;
                }
            }
            if (succeeded == DAGS) {
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
